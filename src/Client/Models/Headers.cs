using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Courier;

/// <summary>
/// HTTP headers: names compare case-insensitively, a name may hold several values, and the order of addition is kept.
/// Names and values are validated on the way in: CR, LF or NUL throw <see cref="LocalProtocolException"/>.
/// </summary>
public sealed class Headers : IEnumerable<KeyValuePair<string, string>>
{
    private List<KeyValuePair<string, string>> _items;
    private bool _readOnly;

    // A copy of read-only headers shares their list until its first change (most requests never change them).
    private bool _shared;

    // Whether a pair was added without validation (response headers, which come from the HTTP stack).
    private bool _unchecked;

    /// <summary>Creates an empty set of headers.</summary>
    public Headers() => _items = [];

    /// <summary>Creates empty headers with room for <paramref name="capacity"/> pairs.</summary>
    internal Headers(int capacity) => _items = new(capacity);

    /// <summary>Creates headers holding the given pairs, in order.</summary>
    public Headers(IEnumerable<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [];
        foreach (var item in items)
        {
            Add(item.Key, item.Value);
        }
    }

    /// <summary>The number of name/value pairs.</summary>
    public int Count => _items.Count;

    /// <summary>Whether changes throw <see cref="InvalidOperationException"/> (a started client's headers).</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>The distinct names, in order of first appearance.</summary>
    public IEnumerable<string> Names => _items.Select(i => i.Key).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets all values of <paramref name="name"/> joined by <c>", "</c> (null when absent); setting replaces every value.
    /// </summary>
    public string? this[string name]
    {
        get => TryGetValue(name, out var value) ? value : null;
        set
        {
            Remove(name);
            if (value is not null)
            {
                Add(name, value);
            }
        }
    }

    /// <summary>Adds a value, keeping any existing values of the same name.</summary>
    public void Add(string name, string value)
    {
        ThrowIfReadOnly();
        HeaderValidation.ValidateName(name);
        HeaderValidation.ValidateValue(name, value);
        Own().Add(new(name, value));
    }

    /// <summary>Removes every value of <paramref name="name"/>; returns whether any was present.</summary>
    public bool Remove(string name)
    {
        ThrowIfReadOnly();
        if (!Contains(name))
        {
            return false;
        }

        Own().RemoveAll(i => NameEquals(i.Key, name));
        return true;
    }

    /// <summary>Whether <paramref name="name"/> is present.</summary>
    public bool Contains(string name)
    {
        foreach (var item in _items)
        {
            if (NameEquals(item.Key, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every value of <paramref name="name"/>, in order (never joined).</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        List<string>? values = null;
        foreach (var item in _items)
        {
            if (NameEquals(item.Key, name))
            {
                (values ??= []).Add(item.Value);
            }
        }

        return values ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Gets the values of <paramref name="name"/> joined by <c>", "</c>.</summary>
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var count = 0;
        foreach (var item in _items)
        {
            if (NameEquals(item.Key, name))
            {
                count++;
                value ??= item.Value;
            }
        }

        if (count > 1)
        {
            value = string.Join(", ", GetValues(name));
        }

        return value is not null;
    }

    /// <summary>A copy that can be changed without changing this one.</summary>
    public Headers Clone() => new(_items, shared: _readOnly) { _unchecked = _unchecked };

    /// <summary>Merges <paramref name="other"/> into a copy: its names replace the same names here.</summary>
    public Headers Merge(Headers? other)
    {
        var merged = Clone();
        if (other is null)
        {
            return merged;
        }

        foreach (var name in other.Names)
        {
            merged.Remove(name);
        }

        merged.Own().AddRange(other._items);
        merged._unchecked |= other._unchecked;
        return merged;
    }

    /// <summary>The pairs in order (a struct enumerator: no allocation).</summary>
    public List<KeyValuePair<string, string>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The headers as they would appear on the wire, one per line.</summary>
    public override string ToString() => string.Join("\n", _items.Select(i => $"{i.Key}: {i.Value}"));

    internal void AddUnchecked(string name, string value)
    {
        _unchecked = true;
        Own().Add(new(name, value));
    }

    /// <summary>Whether every pair passed <see cref="HeaderValidation"/> on the way in (so sending need not check again).</summary>
    internal bool AllValidated => !_unchecked;

    /// <summary>From now on every change throws (used when a client starts).</summary>
    internal void MakeReadOnly() => _readOnly = true;

    private void ThrowIfReadOnly()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("These headers are read-only: a client's headers are frozen once its first request was sent. Set per-request headers with RequestOptions.Headers, or create another Client.");
        }
    }

    private Headers(List<KeyValuePair<string, string>> items, bool shared)
    {
        _items = shared ? items : [.. items];
        _shared = shared;
    }

    private List<KeyValuePair<string, string>> Own()
    {
        if (_shared)
        {
            _items = [.. _items];
            _shared = false;
        }

        return _items;
    }

    private static bool NameEquals(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
