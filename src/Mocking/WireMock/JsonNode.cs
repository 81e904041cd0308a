using System.Text.Json;

namespace Courier.Mocking.WireMock;

/// <summary>A JSON value with its file and path, whose typed getters fail with <see cref="WireMockMappingException"/> naming both.</summary>
internal readonly record struct JsonNode(JsonElement Element, string File, string Path)
{
    public JsonValueKind Kind => Element.ValueKind;

    public JsonNode? Get(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonNode(value, File, $"{Path}.{name}")
            : null;

    public IEnumerable<(string Name, JsonNode Value)> Properties()
    {
        foreach (var property in ExpectObject().Element.EnumerateObject())
        {
            yield return (property.Name, new JsonNode(property.Value, File, $"{Path}.{property.Name}"));
        }
    }

    public IEnumerable<JsonNode> Items()
    {
        var index = 0;
        foreach (var item in Expect(JsonValueKind.Array, "an array").Element.EnumerateArray())
        {
            yield return new JsonNode(item, File, $"{Path}[{index++}]");
        }
    }

    public JsonNode ExpectObject() => Expect(JsonValueKind.Object, "an object");

    public string String() => Expect(JsonValueKind.String, "a string").Element.GetString()!;

    public bool Bool() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail("expected true or false"),
    };

    public int Int(int min = int.MinValue, int max = int.MaxValue, string? meaning = null)
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
        {
            throw Fail($"expected an integer{(meaning is null ? string.Empty : $" ({meaning})")}");
        }

        return value >= min && value <= max ? value : throw Fail($"expected an integer from {min} to {max}{(meaning is null ? string.Empty : $" ({meaning})")}");
    }

    public double Number(double min = 0)
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetDouble(out var value) || value < min)
        {
            throw Fail($"expected a number of at least {min}");
        }

        return value;
    }

    /// <summary>Refuses properties outside <paramref name="known"/> (a silently ignored field would answer wrongly).</summary>
    public void OnlyKnown(IReadOnlySet<string> known, string what)
    {
        foreach (var property in ExpectObject().Element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new WireMockMappingException(File, $"{Path}.{property.Name}",
                    $"'{property.Name}' is not a {what} field Courier's MockServer supports (supported: {string.Join(", ", known.Order(StringComparer.Ordinal))}); see docs/mock-server.md.");
            }
        }
    }

    public WireMockMappingException Fail(string problem) => new(File, Path, $"{problem}, found {Describe(Element)}.");

    private JsonNode Expect(JsonValueKind kind, string what) => Kind == kind ? this : throw Fail($"expected {what}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shorten(element.GetRawText())}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
