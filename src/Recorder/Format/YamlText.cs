namespace Courier.Recorder.Format;

/// <summary>Decides how a string is quoted so that PyYAML (YAML 1.1), Ruby's Psych and YamlDotNet all read it back as the same string.</summary>
internal static class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf",
    };

    /// <summary>Letters first, then letters, digits, <c>-</c>, <c>_</c>, <c>/</c>, <c>.</c>; never a YAML 1.1 boolean or null word.</summary>
    public static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetter(value[0]) || Reserved.Contains(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Only printable ASCII (single quotes can hold it; anything else is double-quoted with escapes).</summary>
    public static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Multi-line text a literal block (<c>|</c>) keeps exactly and that reads better than an escaped string: LF line
    /// breaks only, no tabs or other escapes, no blank line, no line ending with a space,
    /// the first line not indented, and at most one final newline.
    /// </summary>
    public static bool FitsLiteralBlock(string text)
    {
        if (text.Length < 2 || !text.Contains('\n', StringComparison.Ordinal) || text.EndsWith("\n\n", StringComparison.Ordinal) || text[0] is ' ' or '\n')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\t' || c > '~' || (c < ' ' && c != '\n'))
            {
                return false;
            }

            if (c == '\n' && ((i > 0 && text[i - 1] == ' ') || (i + 1 < text.Length && text[i + 1] == '\n')))
            {
                return false;
            }
        }

        return text[^1] != ' ';
    }
}
