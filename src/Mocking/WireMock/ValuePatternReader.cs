using System.Text.Json;
using Courier.Mocking.Matching;

namespace Courier.Mocking.WireMock;

/// <summary>Reads WireMock's value patterns (<c>{"equalTo": …}</c>, <c>{"matches": …}</c>, <c>{"and": [...]}</c>, …) into the shared matchers.</summary>
internal sealed class ValuePatternReader(TimeSpan regexTimeout)
{
    private static readonly HashSet<string> Modifiers = ["caseInsensitive", "ignoreArrayOrder", "ignoreExtraElements"];

    /// <summary>A header, query parameter or cookie tested by <paramref name="node"/>.</summary>
    public RequestMatcher Named(NamedValueSource source, string name, JsonNode node)
    {
        var (op, value) = Operator(node, "equalTo, contains, doesNotContain, matches, doesNotMatch, absent, and, or");
        NamedValueMatcher Simple(ValuePattern pattern) => new(source, name, pattern);
        var label = source == NamedValueSource.Header ? $"{name} " : $"{source}: {name} ";
        return op switch
        {
            "equalTo" => Simple(ValuePattern.EqualTo(value.String(), CaseInsensitive(node))),
            "contains" => Simple(ValuePattern.Containing(value.String())),
            "matches" => Simple(Regex(value)),
            "absent" => value.Bool() ? Simple(ValuePattern.Absent()) : Simple(ValuePattern.Present()),
            "doesNotMatch" => new CompositeMatcher(CompositeKind.Not, [Simple(ValuePattern.Present()), Simple(Regex(value))], $"{label}[doesNotMatch] {value.String()}"),
            "doesNotContain" => new CompositeMatcher(CompositeKind.Not, [Simple(ValuePattern.Present()), Simple(ValuePattern.Containing(value.String()))], $"{label}[doesNotContain] {value.String()}"),
            "and" or "or" => Combine(op, value, item => Named(source, name, item)),
            _ => throw value.Fail($"'{op}' is not supported for a {source.ToString().ToLowerInvariant()} by Courier's MockServer (use equalTo, contains, doesNotContain, matches, doesNotMatch, absent, and, or)"),
        };
    }

    /// <summary>One entry of <c>bodyPatterns</c>.</summary>
    public RequestMatcher Body(JsonNode node)
    {
        var (op, value) = Operator(node, "equalTo, contains, doesNotContain, matches, doesNotMatch, absent, equalToJson, matchesJsonPath, binaryEqualTo, and, or");
        return op switch
        {
            "equalTo" => BodyMatcher.Text(ValuePattern.EqualTo(value.String(), CaseInsensitive(node))),
            "contains" => BodyMatcher.Text(ValuePattern.Containing(value.String())),
            "matches" => BodyMatcher.Text(Regex(value)),
            "absent" => BodyMatcher.Text(value.Bool() ? ValuePattern.Absent() : ValuePattern.Present()),
            "doesNotMatch" => new CompositeMatcher(CompositeKind.Not, [BodyMatcher.Text(ValuePattern.Present()), BodyMatcher.Text(Regex(value))], $"[doesNotMatch] {value.String()}"),
            "doesNotContain" => new CompositeMatcher(CompositeKind.Not, [BodyMatcher.Text(ValuePattern.Present()), BodyMatcher.Text(ValuePattern.Containing(value.String()))], $"[doesNotContain] {value.String()}"),
            "binaryEqualTo" => BodyMatcher.Bytes(Base64(value)),
            "equalToJson" => EqualToJson(node, value),
            "matchesJsonPath" => JsonPath(value),
            "and" or "or" => Combine(op, value, Body),
            _ => throw value.Fail($"'{op}' is not a body pattern Courier's MockServer supports (equalToXml and matchesXPath are not built)"),
        };
    }

    public static byte[] Base64(JsonNode value)
    {
        try
        {
            return Convert.FromBase64String(value.String());
        }
        catch (FormatException)
        {
            throw value.Fail("expected base64 text");
        }
    }

    private static CompositeMatcher Combine(string op, JsonNode list, Func<JsonNode, RequestMatcher> read)
    {
        var children = list.Items().Select(read).ToArray();
        if (children.Length == 0)
        {
            throw list.Fail($"expected at least one pattern under '{op}'");
        }

        var joiner = op == "and" ? " AND " : " OR ";
        return new CompositeMatcher(op == "and" ? CompositeKind.All : CompositeKind.Any, children, string.Join(joiner, children.Select(c => c.Describe())));
    }

    private static JsonBodyMatcher EqualToJson(JsonNode node, JsonNode value)
    {
        var options = new JsonMatchOptions
        {
            IgnoreArrayOrder = node.Get("ignoreArrayOrder")?.Bool() ?? false,
            IgnoreExtraElements = node.Get("ignoreExtraElements")?.Bool() ?? false,
        };
        if (value.Kind != JsonValueKind.String)
        {
            return new JsonBodyMatcher(value.Element, options);
        }

        try
        {
            return JsonBodyMatcher.FromText(value.String(), options);
        }
        catch (JsonException ex)
        {
            throw new WireMockMappingException(value.File, value.Path, $"expected JSON text for equalToJson: {ex.Message}", ex);
        }
    }

    private JsonPathMatcher JsonPath(JsonNode value)
    {
        try
        {
            if (value.Kind == JsonValueKind.String)
            {
                return new JsonPathMatcher(value.String());
            }

            var expression = (value.Get("expression") ?? throw value.Fail("expected a string or {\"expression\": …, <pattern>}")).String();
            var (op, inner) = Operator(value, "expression with equalTo, contains, matches, absent", skip: "expression");
            var pattern = op switch
            {
                "equalTo" => ValuePattern.EqualTo(inner.Kind == JsonValueKind.String ? inner.String() : inner.Element.GetRawText(), CaseInsensitive(value)),
                "contains" => ValuePattern.Containing(inner.String()),
                "matches" => Regex(inner),
                _ => throw inner.Fail($"'{op}' inside matchesJsonPath is not supported (use equalTo, contains or matches)"),
            };
            return new JsonPathMatcher(expression, pattern);
        }
        catch (ArgumentException ex)
        {
            throw new WireMockMappingException(value.File, value.Path, $"expected a JSONPath Courier understands: {ex.Message}", ex);
        }
    }

    private ValuePattern Regex(JsonNode value)
    {
        try
        {
            return ValuePattern.Matching(value.String(), regexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new WireMockMappingException(value.File, value.Path, $"expected a valid regular expression: {ex.Message}", ex);
        }
    }

    private static bool CaseInsensitive(JsonNode node) => node.Get("caseInsensitive")?.Bool() ?? false;

    private static (string Op, JsonNode Value) Operator(JsonNode node, string expected, string? skip = null)
    {
        node.ExpectObject();
        (string, JsonNode)? found = null;
        foreach (var (name, value) in node.Properties())
        {
            if (Modifiers.Contains(name) || name == skip)
            {
                continue;
            }

            if (found is not null)
            {
                throw node.Fail($"expected exactly one operator ({expected}), but both '{found.Value.Item1}' and '{name}' are given");
            }

            found = (name, value);
        }

        return found ?? throw node.Fail($"expected an operator ({expected})");
    }
}
