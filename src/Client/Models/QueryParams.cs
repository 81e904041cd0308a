using System.Collections;
using System.Text;

namespace Courier;

/// <summary>
/// Query parameters: ordered, multi-valued, names case-sensitive (as URLs are).
/// <c>new QueryParams { ["q"] = "x", { "tag", "a" }, { "tag", "b" } }</c>.
/// </summary>
public sealed class QueryParams : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>Creates empty parameters.</summary>
    public QueryParams()
    {
    }

    /// <summary>Creates parameters holding the given pairs, in order.</summary>
    public QueryParams(IEnumerable<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items.AddRange(items);
    }

    /// <summary>The number of name/value pairs.</summary>
    public int Count => _items.Count;

    /// <summary>Gets the first value of <paramref name="name"/> (null when absent); setting replaces every value.</summary>
    public string? this[string name]
    {
        get => _items.FirstOrDefault(i => i.Key == name).Value;
        set
        {
            _items.RemoveAll(i => i.Key == name);
            if (value is not null)
            {
                _items.Add(new(name, value));
            }
        }
    }

    /// <summary>Adds a value, keeping existing values of the same name.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _items.Add(new(name, value));
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetValues(string name) => _items.Where(i => i.Key == name).Select(i => i.Value).ToList();

    /// <summary>Whether <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => _items.Exists(i => i.Key == name);

    /// <summary>Removes every value of <paramref name="name"/>.</summary>
    public bool Remove(string name) => _items.RemoveAll(i => i.Key == name) > 0;

    /// <summary>Parses a query string (with or without the leading <c>?</c>); <c>+</c> means a space.</summary>
    public static QueryParams Parse(string? query)
    {
        var result = new QueryParams();
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            result._items.Add(new(Decode(name), Decode(value)));
        }

        return result;
    }

    /// <summary>The RFC 3986 encoded query string, without the leading <c>?</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in _items)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(Encode(name)).Append('=').Append(Encode(value));
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).</summary>
    internal static string Encode(string text) => Uri.EscapeDataString(text);

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
