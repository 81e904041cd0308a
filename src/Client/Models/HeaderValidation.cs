using System.Buffers;

namespace Courier;

/// <summary>Checks that header names, values, methods and URLs cannot inject bytes into the request.</summary>
internal static class HeaderValidation
{
    private const string TokenSpecials = "!#$%&'*+-.^_`|~";

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + TokenSpecials);

    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new LocalProtocolException("A header name must not be empty; nothing was sent.");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(TokenChars);
        if (bad >= 0)
        {
            throw new LocalProtocolException(
                $"Invalid character {Describe(name[bad])} in header name '{Escape(name)}'. Header names are RFC 9110 tokens; nothing was sent.");
        }
    }

    public static void ValidateValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bad = value.AsSpan().IndexOfAny('\r', '\n', '\0');
        if (bad >= 0)
        {
            throw new LocalProtocolException(
                $"Invalid character {Describe(value[bad])} in the value of header '{Escape(name)}': '{Escape(value)}'. CR, LF and NUL would inject bytes into the request; nothing was sent.");
        }
    }

    public static void ValidateMethod(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var bad = method.AsSpan().IndexOfAnyExcept(TokenChars);
        if (bad >= 0)
        {
            throw new LocalProtocolException($"Invalid character {Describe(method[bad])} in method '{Escape(method)}'; nothing was sent.");
        }
    }

    public static void ValidateUrlText(string url)
    {
        var bad = url.AsSpan().IndexOfAny('\r', '\n', '\0');
        if (bad >= 0)
        {
            throw new LocalProtocolException(
                $"Invalid character {Describe(url[bad])} in URL '{Escape(url)}'. CR, LF and NUL would inject bytes into the request; nothing was sent.");
        }
    }

    public static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\0", "\\0", StringComparison.Ordinal);

    private static string Describe(char c) => c switch
    {
        '\r' => "CR (\\r)",
        '\n' => "LF (\\n)",
        '\0' => "NUL (\\0)",
        _ => $"'{c}' (U+{(int)c:X4})",
    };
}
