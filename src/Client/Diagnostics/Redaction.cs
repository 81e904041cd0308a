using System.Text;

namespace Courier.Diagnostics;

/// <summary>
/// The redaction rules shared by Courier's logs, traces and the recorder: credential, cookie and API-key headers,
/// and any header or query parameter whose name looks like a secret (it contains <c>token</c>, <c>secret</c>,
/// <c>password</c>, <c>key</c>, <c>auth</c>, <c>sig</c>, <c>session</c>, <c>cookie</c>, <c>credential</c> or
/// <c>code</c>), have their values replaced by <see cref="Mask"/>; URL userinfo becomes <c>REDACTED:REDACTED</c>.
/// </summary>
public static class Redaction
{
    /// <summary>The text that replaces a secret value (OpenTelemetry's convention for <c>url.full</c>).</summary>
    public const string Mask = "REDACTED";

    private static readonly string[] SecretWords = ["token", "secret", "password", "passwd", "pwd", "key", "auth", "sig", "session", "cookie", "credential", "code"];

    /// <summary>Challenges name a scheme and a realm, never a secret: kept readable for debugging auth.</summary>
    private static readonly string[] ChallengeHeaders = ["WWW-Authenticate", "Proxy-Authenticate"];

    /// <summary>The headers always redacted: credentials, cookies and common API-key headers (the recorder's defaults).</summary>
    public static IReadOnlyList<string> SecretHeaders { get; } =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token",
        "X-Amz-Security-Token", "Ocp-Apim-Subscription-Key", "X-Goog-Api-Key", "Private-Token", "X-Csrf-Token",
    ];

    /// <summary>Whether a header, query parameter or member name suggests a secret value.</summary>
    /// <param name="name">The name (unescaped).</param>
    public static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var word in SecretWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the value of header <paramref name="name"/> is hidden.</summary>
    /// <param name="name">The header name.</param>
    public static bool IsSecretHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var challenge in ChallengeHeaders)
        {
            if (string.Equals(challenge, name, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var secret in SecretHeaders)
        {
            if (string.Equals(secret, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return LooksSecret(name);
    }

    /// <summary>The value of header <paramref name="name"/> as it may be shown: <see cref="Mask"/> for a secret header.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value.</param>
    public static string HeaderValue(string name, string value) => IsSecretHeader(name) ? Mask : value;

    /// <summary>
    /// The URL as it may be shown: userinfo replaced by <c>REDACTED:REDACTED</c>, the value of every secret-looking
    /// query parameter replaced by <see cref="Mask"/>, the fragment (never sent) dropped.
    /// </summary>
    /// <param name="url">An absolute URL.</param>
    public static string Url(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return url.OriginalString;
        }

        var hasUserInfo = url.OriginalString.Contains('@', StringComparison.Ordinal) && url.UserInfo.Length > 0;
        var query = url.Query;
        if (!hasUserInfo && !QueryHasSecret(query))
        {
            return url.Fragment.Length == 0 ? url.AbsoluteUri : url.GetLeftPart(UriPartial.Query);
        }

        var text = new StringBuilder(url.AbsoluteUri.Length + 16);
        text.Append(url.Scheme).Append("://");
        if (hasUserInfo)
        {
            text.Append(Mask).Append(':').Append(Mask).Append('@');
        }

        text.Append(url.Authority).Append(url.AbsolutePath);
        if (query.Length > 1)
        {
            text.Append('?');
            AppendQuery(text, query.AsSpan(1));
        }

        return text.ToString();
    }

    private static bool QueryHasSecret(string query)
    {
        if (query.Length <= 1)
        {
            return false;
        }

        foreach (var pair in query[1..].Split('&'))
        {
            if (PairIsSecret(pair))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PairIsSecret(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && LooksSecret(Uri.UnescapeDataString(pair[..eq]));
    }

    private static void AppendQuery(StringBuilder text, ReadOnlySpan<char> query)
    {
        var first = true;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range].ToString();
            if (!first)
            {
                text.Append('&');
            }

            first = false;
            text.Append(PairIsSecret(pair) ? pair[..(pair.IndexOf('=', StringComparison.Ordinal) + 1)] + Mask : pair);
        }
    }
}
