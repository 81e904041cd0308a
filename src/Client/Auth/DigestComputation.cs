using System.Globalization;
using System.Text;

namespace Courier;

/// <summary>The Digest response computation (RFC 7616 section 3.4.1, RFC 2617 section 3.2.2) and the header it goes in.</summary>
internal static class DigestComputation
{
    /// <summary>
    /// <c>response</c>: KD(HA1, nonce:nc:cnonce:qop:HA2), or KD(HA1, nonce:HA2) without qop (RFC 2069), where
    /// HA1 = H(user:realm:password) (then H(HA1:nonce:cnonce) for <c>-sess</c>) and HA2 = H(method:uri[:H(body)]).
    /// </summary>
    public static string Response(
        DigestAlgorithm algorithm, string userName, string password, string realm, string nonce, string cnonce,
        int nonceCount, string? qop, string method, string uri, byte[]? body)
    {
        var ha1 = algorithm.H($"{userName}:{realm}:{password}");
        if (algorithm.IsSession)
        {
            ha1 = algorithm.H($"{ha1}:{nonce}:{cnonce}");
        }

        var ha2 = qop == "auth-int"
            ? algorithm.H($"{method}:{uri}:{algorithm.Hex(body ?? [])}")
            : algorithm.H($"{method}:{uri}");
        return qop is null
            ? algorithm.KD(ha1, $"{nonce}:{ha2}")
            : algorithm.KD(ha1, $"{nonce}:{Nc(nonceCount)}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>The <c>Authorization</c> value answering <paramref name="challenge"/>.</summary>
    public static string Header(
        DigestChallenge challenge, string userName, string password, string cnonce, int nonceCount, string? qop,
        string method, string uri, byte[]? body)
    {
        var response = Response(challenge.Algorithm, userName, password, challenge.Realm, challenge.Nonce, cnonce, nonceCount, qop, method, uri, body);
        var parts = new List<string>();
        if (challenge.UserHash)
        {
            parts.Add($"username={Quote(challenge.Algorithm.H($"{userName}:{challenge.Realm}"))}");
        }
        else if (NeedsExtendedNotation(userName))
        {
            parts.Add("username*=UTF-8''" + PercentEncode(userName));
        }
        else
        {
            parts.Add($"username={Quote(userName)}");
        }

        parts.Add($"realm={Quote(challenge.Realm)}");
        parts.Add($"nonce={Quote(challenge.Nonce)}");
        parts.Add($"uri={Quote(uri)}");
        parts.Add($"algorithm={challenge.AlgorithmToken}");
        parts.Add($"response={Quote(response)}");
        if (challenge.Opaque is not null)
        {
            parts.Add($"opaque={Quote(challenge.Opaque)}");
        }

        if (qop is not null)
        {
            parts.Add($"qop={qop}");
            parts.Add($"nc={Nc(nonceCount)}");
        }

        if (qop is not null || challenge.Algorithm.IsSession)
        {
            parts.Add($"cnonce={Quote(cnonce)}");
        }

        if (challenge.UserHash)
        {
            parts.Add("userhash=true");
        }

        return "Digest " + string.Join(", ", parts);
    }

    /// <summary>The nonce count as 8 lower-case hex digits.</summary>
    public static string Nc(int count) => count.ToString("x8", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool NeedsExtendedNotation(string text) => text.Any(c => c > 0x7E || char.IsControl(c));

    /// <summary>RFC 8187 <c>value-chars</c>: attr-char kept, every other UTF-8 byte as %XX.</summary>
    private static string PercentEncode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
