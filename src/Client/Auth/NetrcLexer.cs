using System.Text;

namespace Courier;

/// <summary>Splits a netrc file into whitespace-separated tokens, double-quoted ones with backslash escapes.</summary>
internal sealed class NetrcLexer(string text)
{
    private int _pos;

    /// <summary>The 1-based line of the last token.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>Whether the last token was quoted (a quoted <c>#</c> is not a comment).</summary>
    public bool LastWasQuoted { get; private set; }

    public string? Next()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            if (text[_pos] == '\n')
            {
                Line++;
            }

            _pos++;
        }

        if (_pos >= text.Length)
        {
            return null;
        }

        var builder = new StringBuilder();
        LastWasQuoted = text[_pos] == '"';
        if (LastWasQuoted)
        {
            _pos++;
            while (_pos < text.Length && text[_pos] != '"')
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }

                builder.Append(text[_pos++]);
            }

            _pos = Math.Min(_pos + 1, text.Length);
            return builder.ToString();
        }

        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]))
        {
            if (text[_pos] == '\\' && _pos + 1 < text.Length)
            {
                _pos++;
            }

            builder.Append(text[_pos++]);
        }

        return builder.ToString();
    }

    /// <summary>Skips to the end of the current line.</summary>
    public void SkipLine()
    {
        while (_pos < text.Length && text[_pos] != '\n')
        {
            _pos++;
        }
    }

    /// <summary>Skips a macro: the rest of its <c>macdef</c> line, then lines up to and including an empty one.</summary>
    public void SkipMacroBody()
    {
        SkipLine();
        while (_pos < text.Length)
        {
            _pos++;
            Line++;
            var end = text.IndexOf('\n', _pos);
            var line = end < 0 ? text[_pos..] : text[_pos..end];
            _pos = end < 0 ? text.Length : end;
            if (line.Trim().Length == 0)
            {
                return;
            }
        }
    }
}
