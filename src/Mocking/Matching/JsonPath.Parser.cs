using System.Globalization;

namespace Courier.Mocking.Matching;

public sealed partial class JsonPath
{
    private sealed class Parser(string text)
    {
        private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];
        private int _pos;

        public List<Step> ParseSteps(char root = '$')
        {
            var steps = new List<Step>();
            if (_pos >= text.Length || text[_pos] != root)
            {
                throw Error($"a JSONPath starts with '{root}'");
            }

            _pos++;
            while (_pos < text.Length)
            {
                if (Peek("..") is true)
                {
                    _pos += 2;
                    steps.Add(new DescendStep(text[_pos] == '[' ? ParseBracket() : ParseName()));
                }
                else if (text[_pos] == '.')
                {
                    _pos++;
                    steps.Add(ParseName());
                }
                else if (text[_pos] == '[')
                {
                    steps.Add(ParseBracket());
                }
                else
                {
                    throw Error("expected '.', '..' or '['");
                }
            }

            return steps;
        }

        private bool? Peek(string token) => string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0;

        private MemberStep ParseName()
        {
            if (_pos < text.Length && text[_pos] == '*')
            {
                _pos++;
                return new MemberStep(null);
            }

            var start = _pos;
            while (_pos < text.Length && text[_pos] is not ('.' or '['))
            {
                _pos++;
            }

            return _pos > start ? new MemberStep(text[start.._pos]) : throw Error("expected a member name");
        }

        private Step ParseBracket()
        {
            var close = FindClose();
            var inner = text[(_pos + 1)..close].Trim();
            var position = _pos;
            _pos = close + 1;
            if (inner == "*")
            {
                return new MemberStep(null);
            }

            if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
            {
                return new MemberStep(inner[1..^1]);
            }

            if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                return new IndexStep(index);
            }

            if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                return ParseFilter(inner[2..^1].Trim(), position, text);
            }

            throw new FormatException($"Unsupported JSONPath part '[{inner}]' at position {position} in '{text}': use ['name'], [n], [*] or [?(@.a op value)].");
        }

        private static FilterStep ParseFilter(string filter, int position, string expression)
        {
            foreach (var op in Operators)
            {
                var at = filter.IndexOf(op, StringComparison.Ordinal);
                if (at > 0)
                {
                    var left = new JsonPath(filter[..at].Trim(), [.. new Parser(filter[..at].Trim()).ParseSteps('@')]);
                    return new FilterStep(left, op, ParseLiteral(filter[(at + op.Length)..], position, expression));
                }
            }

            return new FilterStep(new JsonPath(filter, [.. new Parser(filter).ParseSteps('@')]), null, null);
        }

        private int FindClose()
        {
            var depth = 0;
            char? quote = null;
            for (var i = _pos; i < text.Length; i++)
            {
                var c = text[i];
                if (quote is not null)
                {
                    quote = c == quote ? null : quote;
                }
                else if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c is '[' or '(')
                {
                    depth++;
                }
                else if (c is ']' or ')')
                {
                    depth--;
                    if (depth == 0 && c == ']')
                    {
                        return i;
                    }
                }
            }

            throw Error("a '[' is not closed");
        }

        private FormatException Error(string what) =>
            new(string.Create(CultureInfo.InvariantCulture, $"Invalid JSONPath '{text}' at position {_pos}: {what}."));
    }
}
