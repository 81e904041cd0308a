using System.Globalization;
using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>
/// A small JSONPath subset over System.Text.Json: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c> (negative
/// counts from the end), <c>[*]</c>, <c>.*</c>, <c>..name</c> (recursive descent), and filters
/// <c>[?(@.a.b)]</c> (exists) and <c>[?(@.a op value)]</c> with <c>== != &lt; &lt;= &gt; &gt;=</c> against a quoted
/// string, a number, <c>true</c>, <c>false</c> or <c>null</c>. Anything else is refused when the path is compiled.
/// </summary>
public sealed partial class JsonPath
{
    private readonly Step[] _steps;

    private JsonPath(string expression, Step[] steps)
    {
        Expression = expression;
        _steps = steps;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>Compiles an expression; throws <see cref="FormatException"/> naming the position of an unsupported part.</summary>
    public static JsonPath Compile(string expression)
    {
        ArgumentException.ThrowIfNullOrEmpty(expression);
        return new JsonPath(expression, [.. new Parser(expression).ParseSteps()]);
    }

    /// <summary>The values the path selects in <paramref name="root"/>, in document order.</summary>
    public IReadOnlyList<JsonElement> Select(JsonElement root)
    {
        List<JsonElement> current = [root];
        foreach (var step in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var node in current)
            {
                step.Apply(node, next);
            }

            current = next;
        }

        return current;
    }

    /// <inheritdoc />
    public override string ToString() => Expression;

    private abstract record Step
    {
        public abstract void Apply(JsonElement node, List<JsonElement> output);
    }

    private sealed record MemberStep(string? Name) : Step
    {
        public override void Apply(JsonElement node, List<JsonElement> output)
        {
            if (node.ValueKind == JsonValueKind.Object)
            {
                if (Name is null)
                {
                    output.AddRange(node.EnumerateObject().Select(m => m.Value));
                }
                else if (node.TryGetProperty(Name, out var value))
                {
                    output.Add(value);
                }
            }
            else if (node.ValueKind == JsonValueKind.Array && Name is null)
            {
                output.AddRange(node.EnumerateArray());
            }
        }
    }

    private sealed record IndexStep(int Index) : Step
    {
        public override void Apply(JsonElement node, List<JsonElement> output)
        {
            if (node.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var length = node.GetArrayLength();
            var index = Index < 0 ? length + Index : Index;
            if (index >= 0 && index < length)
            {
                output.Add(node[index]);
            }
        }
    }

    private sealed record DescendStep(Step Inner) : Step
    {
        public override void Apply(JsonElement node, List<JsonElement> output)
        {
            var stack = new Stack<JsonElement>();
            stack.Push(node);
            var visited = 0;
            while (stack.Count > 0 && visited++ < 100_000)
            {
                var current = stack.Pop();
                Inner.Apply(current, output);
                var children = current.ValueKind switch
                {
                    JsonValueKind.Object => current.EnumerateObject().Select(m => m.Value).ToArray(),
                    JsonValueKind.Array => current.EnumerateArray().ToArray(),
                    _ => [],
                };
                for (var i = children.Length - 1; i >= 0; i--)
                {
                    stack.Push(children[i]);
                }
            }
        }
    }

    private sealed record FilterStep(JsonPath Left, string? Operator, JsonElement? Right) : Step
    {
        public override void Apply(JsonElement node, List<JsonElement> output)
        {
            var candidates = node.ValueKind == JsonValueKind.Array ? node.EnumerateArray().ToArray() : [node];
            output.AddRange(candidates.Where(Test));
        }

        private bool Test(JsonElement candidate)
        {
            var selected = Left.Select(candidate);
            if (Operator is null)
            {
                return selected.Count > 0;
            }

            return selected.Any(value => Compare(value, Operator, Right!.Value));
        }

        private static bool Compare(JsonElement value, string op, JsonElement right)
        {
            if (op is "==" or "!=")
            {
                var equal = JsonComparer.Equal(right, value, new JsonMatchOptions());
                return op == "==" ? equal : !equal;
            }

            int order;
            if (value.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number)
            {
                order = value.GetDouble().CompareTo(right.GetDouble());
            }
            else if (value.ValueKind == JsonValueKind.String && right.ValueKind == JsonValueKind.String)
            {
                order = string.CompareOrdinal(value.GetString(), right.GetString());
            }
            else
            {
                return false;
            }

            return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
        }
    }

    private static JsonElement ParseLiteral(string text, int position, string expression)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('\'') && trimmed.EndsWith('\'') && trimmed.Length >= 2)
        {
            return JsonSerializer.SerializeToElement(trimmed[1..^1]);
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unsupported JSONPath filter value '{trimmed}' at position {position} in '{expression}': use a quoted string, a number, true, false or null."));
        }
    }
}
