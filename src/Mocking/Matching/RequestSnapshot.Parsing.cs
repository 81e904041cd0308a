namespace Courier.Mocking.Matching;

public sealed partial class RequestSnapshot
{
    private KeyValuePair<string, string>[]? _query;
    private KeyValuePair<string, string>[]? _cookies;
    private KeyValuePair<string, string>[]? _form;
    private MultipartPart[]? _parts;

    /// <summary>The query parameters, percent-decoded (<c>+</c> read as a space), in order, repeated names kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => _query ??= ParsePairs(RawQuery, '&');

    /// <summary>The cookies of the <c>Cookie</c> header(s), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Cookies => _cookies ??= ParseCookies(HeaderValues("Cookie"));

    /// <summary>The fields of an <c>application/x-www-form-urlencoded</c> body (empty for other bodies).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormFields => _form ??=
        ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? ParsePairs(Text, '&')
            : [];

    /// <summary>The parts of a <c>multipart/*</c> body (empty for other bodies or a malformed one).</summary>
    public IReadOnlyList<MultipartPart> MultipartParts => _parts ??= MultipartPart.Parse(Body, ContentType);

    /// <summary>All values of a query parameter, in order.</summary>
    public IReadOnlyList<string> QueryValues(string name) => ValuesOf(Query, name, StringComparison.Ordinal);

    internal static IReadOnlyList<string> ValuesOf(IReadOnlyList<KeyValuePair<string, string>> pairs, string name, StringComparison comparison)
    {
        List<string>? values = null;
        foreach (var (key, value) in pairs)
        {
            if (string.Equals(key, name, comparison))
            {
                (values ??= []).Add(value);
            }
        }

        return values is null ? [] : values;
    }

    internal static KeyValuePair<string, string>[] ParsePairs(string text, char separator)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            result.Add(new(Decode(name), Decode(value)));
        }

        return [.. result];
    }

    private static string Decode(string text)
    {
        var plus = text.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(plus);
        }
        catch (UriFormatException)
        {
            return plus;
        }
    }

    private static KeyValuePair<string, string>[] ParseCookies(IReadOnlyList<string> headers)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var header in headers)
        {
            foreach (var part in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                result.Add(eq < 0 ? new(part, string.Empty) : new(part[..eq].Trim(), part[(eq + 1)..].Trim().Trim('"')));
            }
        }

        return [.. result];
    }
}
