namespace Courier.Recorder.Matching;

/// <summary>Masks values in diagnostics: a mismatch report names what differs, never a secret.</summary>
internal static class Redaction
{
    public const string Mask = "<redacted>";

    private static readonly string[] SecretWords = ["token", "secret", "password", "passwd", "pwd", "key", "auth", "sig", "session", "cookie", "credential", "code"];

    /// <summary>Whether a header, parameter or member name suggests a secret value.</summary>
    public static bool LooksSecret(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    public static string QueryPair(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && LooksSecret(System.Uri.UnescapeDataString(pair[..eq])) ? pair[..(eq + 1)] + Mask : pair;
    }

    public static string HeaderValues(string header, IReadOnlyList<string> values) =>
        LooksSecret(header) || RecorderOptions.DefaultRedactedHeaders.Contains(header, StringComparer.OrdinalIgnoreCase)
            ? $"[{values.Count} value(s) {Mask}]"
            : "[" + string.Join(", ", values.Select(v => "'" + v + "'")) + "]";

    public static string JsonValue(string path, System.Text.Json.Nodes.JsonNode? value)
    {
        var member = path[(path.LastIndexOf('.') + 1)..];
        return LooksSecret(member) ? Mask : value?.ToJsonString() ?? "null";
    }

    /// <summary>A URI for messages: userinfo dropped, secret-looking query values masked.</summary>
    public static string Uri(string uri)
    {
        if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return "(unparsable URI)";
        }

        var query = parsed.Query.TrimStart('?');
        var left = parsed.GetLeftPart(UriPartial.Path).Replace(parsed.UserInfo + "@", "", StringComparison.Ordinal);
        return query.Length == 0 ? left : left + "?" + string.Join('&', query.Split('&').Select(QueryPair));
    }
}
