namespace Courier;

/// <summary>Checks that header names, values, methods and URLs cannot inject bytes into the request.</summary>
internal static class HeaderValidation
{
    private const string TokenSpecials = "!#$%&'*+-.^_`|~";

    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new LocalProtocolException("A header name must not be empty; nothing was sent.");
        }

        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                throw new LocalProtocolException(
                    $"Invalid character {Describe(c)} in header name '{Escape(name)}'. Header names are RFC 9110 tokens; nothing was sent.");
            }
        }
    }

    public static void ValidateValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0')
            {
                throw new LocalProtocolException(
                    $"Invalid character {Describe(c)} in the value of header '{Escape(name)}': '{Escape(value)}'. CR, LF and NUL would inject bytes into the request; nothing was sent.");
            }
        }
    }

    public static void ValidateMethod(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        foreach (var c in method)
        {
            if (!IsTokenChar(c))
            {
                throw new LocalProtocolException($"Invalid character {Describe(c)} in method '{Escape(method)}'; nothing was sent.");
            }
        }
    }

    public static void ValidateUrlText(string url)
    {
        foreach (var c in url)
        {
            if (c is '\r' or '\n' or '\0')
            {
                throw new LocalProtocolException(
                    $"Invalid character {Describe(c)} in URL '{Escape(url)}'. CR, LF and NUL would inject bytes into the request; nothing was sent.");
            }
        }
    }

    public static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\0", "\\0", StringComparison.Ordinal);

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || TokenSpecials.Contains(c, StringComparison.Ordinal);

    private static string Describe(char c) => c switch
    {
        '\r' => "CR (\\r)",
        '\n' => "LF (\\n)",
        '\0' => "NUL (\\0)",
        _ => $"'{c}' (U+{(int)c:X4})",
    };
}
