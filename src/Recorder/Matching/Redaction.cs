namespace Courier.Recorder.Matching;

/// <summary>Masks values in diagnostics: a mismatch report names what differs, never a secret.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["token", "secret", "password", "passwd", "pwd", "key", "auth", "sig", "session", "cookie", "credential", "code"];

    /// <summary>Whether a header, parameter or member name suggests a secret value.</summary>
    public static bool LooksSecret(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    public static string QueryPair(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && (LooksSecret(Unescape(pair[..eq])) || Recording.SecretScanner.LooksLikeSecretValue(Unescape(pair[(eq + 1)..]))) ? pair[..(eq + 1)] + Mask : pair;
    }

    /// <summary>Whether a header's value is masked in messages (a credential header, a secret-looking name or value).</summary>
    public static bool MasksHeader(string header, string value) =>
        LooksSecret(header) || RecorderOptions.DefaultRedactedHeaders.Contains(header, StringComparer.OrdinalIgnoreCase) || Recording.SecretScanner.LooksLikeSecretValue(value);

    private static string Unescape(string text)
    {
        try
        {
            return System.Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
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
