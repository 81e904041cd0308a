using System.Text;

namespace Courier.Recorder.Format;

/// <summary>The HTTP syntax checks a cassette must pass before anything is replayed from it.</summary>
internal static class HttpSyntax
{
    /// <summary>UTF-8 that throws on invalid bytes instead of inventing U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>An RFC 9110 token (method, header name): one or more of ALPHA, DIGIT and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Why <paramref name="uri"/> cannot be replayed, or null when it is an absolute http(s) URI. Credentials
    /// (<c>user:password@</c>) are not a format problem: the recorder rewrites them as a leftover secret.
    /// </summary>
    public static string? UriProblem(string uri)
    {
        if (uri.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            return "the request URI holds a CR, LF or NUL character";
        }

        if (!uri.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return $"the request URI '{Printable(uri)}' is not an absolute URI";
        }

        if (parsed.Scheme is not ("http" or "https"))
        {
            return $"the request URI scheme '{parsed.Scheme}' is not http or https";
        }

        return null;
    }

    /// <summary>A value safe to put in an error message: control characters escaped, cut at 80 characters.</summary>
    public static string Printable(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            _ = char.IsControl(c) ? builder.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)) : builder.Append(c);
        }

        return value.Length > 80 ? builder.Append('…').ToString() : builder.ToString();
    }

    /// <summary>Whether <paramref name="body"/> is UTF-8 text that YAML keeps byte-exact (else it is written as base64).</summary>
    public static bool IsText(ReadOnlySpan<byte> body, out string text)
    {
        text = string.Empty;
        if (System.Text.Unicode.Utf8.IsValid(body) is false)
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(body);
        foreach (var c in decoded)
        {
            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c is '\uFEFF' or '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }

        text = decoded;
        return true;
    }
}
