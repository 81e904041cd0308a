using System.Text.Encodings.Web;
using System.Text.Json;

namespace Courier.Cli;

/// <summary>Pretty-prints JSON (two-space indent) as styled parts: keys, strings, numbers and literals each coloured.</summary>
internal static class JsonPretty
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The styled parts of <paramref name="json"/>, or null when it is not valid JSON.</summary>
    public static List<Part>? TryFormat(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var parts = new List<Part>();
            WriteValue(document.RootElement, 0, parts);
            return parts;
        }
    }

    private static void WriteValue(JsonElement element, int depth, List<Part> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteContainer(element.EnumerateObject().Select(p => (Key: (string?)p.Name, p.Value)).ToList(), "{", "}", depth, parts);
                break;
            case JsonValueKind.Array:
                WriteContainer(element.EnumerateArray().Select(v => (Key: (string?)null, Value: v)).ToList(), "[", "]", depth, parts);
                break;
            case JsonValueKind.String:
                parts.Add(new Part(Quote(element.GetString()!), Palette.JsonString));
                break;
            case JsonValueKind.Number:
                parts.Add(new Part(element.GetRawText(), Palette.JsonNumber));
                break;
            default:
                parts.Add(new Part(element.GetRawText(), Palette.JsonLiteral));
                break;
        }
    }

    private static void WriteContainer(List<(string? Key, JsonElement Value)> items, string open, string close, int depth, List<Part> parts)
    {
        if (items.Count == 0)
        {
            parts.Add(open + close);
            return;
        }

        parts.Add(open + "\n");
        var indent = new string(' ', (depth + 1) * 2);
        for (var i = 0; i < items.Count; i++)
        {
            parts.Add(indent);
            if (items[i].Key is { } key)
            {
                parts.Add(new Part(Quote(key), Palette.JsonKey));
                parts.Add(": ");
            }

            WriteValue(items[i].Value, depth + 1, parts);
            parts.Add(i < items.Count - 1 ? ",\n" : "\n");
        }

        parts.Add(new string(' ', depth * 2) + close);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, StringOptions);
}
