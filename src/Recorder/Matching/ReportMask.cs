using System.Text;
using System.Text.Json.Nodes;
using Courier.Recorder.Format;
using Courier.Recorder.Recording;

namespace Courier.Recorder.Matching;

/// <summary>
/// Masks a request for a mismatch report: credential headers, secret-looking names (token, key, password, …) in the
/// query, form and JSON bodies, and secret-looking values (bearer tokens, JWTs, cloud keys) anywhere become
/// <see cref="Redaction.Mask"/>. Matching runs on the real requests; only the report's text is masked.
/// </summary>
internal static class ReportMask
{
    public static RecordedRequest Apply(RecordedRequest request) => request with
    {
        Uri = Redaction.Uri(request.Uri),
        Headers = request.Headers.MapValues((name, value) => Redaction.MasksHeader(name, value) ? Redaction.Mask : value),
        Body = request.Body is null ? null : Body(request.Body, request.Headers.Get("Content-Type")),
    };

    private static byte[] Body(byte[] body, string? contentType)
    {
        if (!HttpSyntax.IsText(body, out var text))
        {
            return body;
        }

        if (JsonBodies.TryParse(body) is { } node)
        {
            MaskJson(node);
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Encoding.UTF8.GetBytes(string.Join('&', text.Split('&').Select(Redaction.QueryPair)));
        }

        return Encoding.UTF8.GetBytes(SecretScanner.ReplaceSecretValues(text, Redaction.Mask));
    }

    private static void MaskJson(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                if (Redaction.LooksSecret(name) && obj[name] is not (JsonObject or JsonArray))
                {
                    obj[name] = Redaction.Mask;
                }
                else if (obj[name] is { } child)
                {
                    MaskValue(child, v => obj[name] = v);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var index = i;
                if (array[i] is { } child)
                {
                    MaskValue(child, v => array[index] = v);
                }
            }
        }
    }

    private static void MaskValue(JsonNode child, Action<JsonNode> replace)
    {
        if (child is JsonValue value && value.TryGetValue<string>(out var text) && SecretScanner.LooksLikeSecretValue(text))
        {
            replace(JsonValue.Create(SecretScanner.ReplaceSecretValues(text, Redaction.Mask)));
        }
        else
        {
            MaskJson(child);
        }
    }

    /// <summary>A JSON value for a report line: masked when its member name or its text looks secret.</summary>
    public static string JsonText(string? raw, string member) =>
        raw is null ? string.Empty
        : Redaction.LooksSecret(member) || SecretScanner.LooksLikeSecretValue(raw) ? Redaction.Mask
        : raw.Length > 80 ? raw[..80] + "…" : raw;
}

/// <summary>Parses bodies that are JSON objects or arrays (bounded depth); null for anything else.</summary>
internal static class JsonBodies
{
    public static JsonNode? TryParse(byte[] body)
    {
        var start = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (start.Length == 0 || start[0] is not ((byte)'{' or (byte)'['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
