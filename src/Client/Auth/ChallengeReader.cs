namespace Courier;

/// <summary>Reads <c>1#challenge</c> where <c>challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]</c>.</summary>
internal ref struct ChallengeReader
{
    private const int MaxParameters = 64;
    private readonly string _text;
    private int _pos;

    private ChallengeReader(string text) => _text = text;

    public static List<AuthChallenge> Read(string text, out string? error)
    {
        var reader = new ChallengeReader(text);
        var list = new List<AuthChallenge>();
        error = null;
        while (true)
        {
            reader.SkipSeparators();
            if (reader.AtEnd)
            {
                return list;
            }

            var start = reader._pos;
            if (!reader.TryReadChallenge(out var challenge, out error))
            {
                error = $"{error} at character {reader._pos} of '{Shorten(text[start..])}'";
                return list;
            }

            list.Add(challenge with { Raw = text[start..reader._pos].Trim().TrimEnd(',').Trim() });
        }
    }

    private readonly bool AtEnd => _pos >= _text.Length;

    private readonly char Current => _text[_pos];

    private bool TryReadChallenge(out AuthChallenge challenge, out string? error)
    {
        challenge = null!;
        var scheme = ReadToken();
        if (scheme.Length == 0)
        {
            error = $"expected an auth scheme, found '{HeaderValidation.Escape(Current.ToString())}'";
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? token68 = null;
        SkipSpaces();
        if (TryReadToken68(out var t68))
        {
            token68 = t68;
        }
        else
        {
            while (!AtEnd)
            {
                var mark = _pos;
                SkipSeparators();
                var name = ReadToken();
                SkipSpaces();
                if (name.Length == 0 || AtEnd || Current != '=')
                {
                    // A token without '=' starts the next challenge (or is garbage the next round reports).
                    _pos = mark;
                    break;
                }

                _pos++;
                SkipSpaces();
                if (!TryReadValue(out var value, out error))
                {
                    return false;
                }

                if (!parameters.TryAdd(name, value))
                {
                    error = $"the parameter '{name}' appears twice";
                    return false;
                }

                if (parameters.Count > MaxParameters)
                {
                    error = $"more than {MaxParameters} parameters";
                    return false;
                }

                SkipSpaces();
                if (!AtEnd && Current != ',')
                {
                    error = $"expected ',' after the parameter '{name}'";
                    return false;
                }
            }
        }

        challenge = new AuthChallenge(scheme, parameters, token68, string.Empty);
        error = null;
        return true;
    }

    private bool TryReadToken68(out string value)
    {
        var start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '-' or '.' or '_' or '~' or '+' or '/'))
        {
            _pos++;
        }

        var body = _pos;
        while (!AtEnd && Current == '=')
        {
            _pos++;
        }

        var end = _pos;
        SkipSpaces();
        if (body > start && (AtEnd || Current == ','))
        {
            value = _text[start..end];
            return true;
        }

        _pos = start;
        value = string.Empty;
        return false;
    }

    private bool TryReadValue(out string value, out string? error)
    {
        error = null;
        if (!AtEnd && Current == '"')
        {
            _pos++;
            var builder = new System.Text.StringBuilder();
            while (!AtEnd && Current != '"')
            {
                if (Current == '\\' && _pos + 1 < _text.Length)
                {
                    _pos++;
                }

                builder.Append(Current);
                _pos++;
            }

            if (AtEnd)
            {
                value = string.Empty;
                error = "an unterminated quoted string";
                return false;
            }

            _pos++;
            value = builder.ToString();
            return true;
        }

        value = ReadToken();
        if (value.Length == 0)
        {
            error = "a parameter without a value";
            return false;
        }

        return true;
    }

    private string ReadToken()
    {
        var start = _pos;
        while (!AtEnd && IsTokenChar(Current))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void SkipSeparators()
    {
        while (!AtEnd && Current is ' ' or '\t' or ',')
        {
            _pos++;
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    internal static string Shorten(string text) =>
        HeaderValidation.Escape(text.Length > 200 ? text[..200] + "…" : text);
}
