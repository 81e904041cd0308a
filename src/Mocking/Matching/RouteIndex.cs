namespace Courier.Mocking.Matching;

/// <summary>
/// Finds the entries that can match a request without trying them all. Entries with an exact path are looked up by
/// that path; entries whose path has a literal prefix covering a whole first segment (<c>/users/{id}</c>,
/// prefix <c>/api/</c>) are looked up by that segment; the rest (regexes, short prefixes, no path) are always tried.
/// Each lookup returns the candidates already in order (priority, then insertion), so nothing is sorted per request.
/// Immutable: build a new index when the entries change.
/// </summary>
/// <typeparam name="T">The entry type (a route, a stub, a recorded interaction).</typeparam>
public sealed class RouteIndex<T>
    where T : class
{
    private readonly Dictionary<string, T[]> _byExactPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T[]> _byFirstSegment = new(StringComparer.Ordinal);
    private readonly T[] _unindexed;
    private readonly Dictionary<string, T[]>.AlternateLookup<ReadOnlySpan<char>> _segmentLookup;

    /// <summary>Indexes <paramref name="entries"/>, given in priority order (the order they must be tried).</summary>
    /// <param name="entries">The entries, already ordered.</param>
    /// <param name="patternOf">The pattern of an entry.</param>
    public RouteIndex(IReadOnlyList<T> entries, Func<T, RequestPattern> patternOf)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(patternOf);
        All = entries;
        var exact = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var segment = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var unindexed = new List<int>();
        var prefixes = new List<(int Position, string Prefix)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var path = patternOf(entries[i]).Path;
            if (path is { Kind: PathMatchKind.Exact or PathMatchKind.Url })
            {
                Add(exact, path.LiteralPrefix, i);
            }
            else if (path is { Kind: PathMatchKind.Prefix or PathMatchKind.Template } && FirstSegment(path.LiteralPrefix) is { } first)
            {
                Add(segment, first, i);
                prefixes.Add((i, path.LiteralPrefix));
            }
            else
            {
                unindexed.Add(i);
            }
        }

        _unindexed = Pick(entries, unindexed);
        _segmentLookup = _byFirstSegment.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (key, positions) in segment)
        {
            _byFirstSegment[key] = Pick(entries, [.. positions, .. unindexed]);
        }

        foreach (var (path, positions) in exact)
        {
            var alsoPrefixes = prefixes.Where(p => path.StartsWith(p.Prefix, StringComparison.Ordinal)).Select(p => p.Position);
            _byExactPath[path] = Pick(entries, [.. positions, .. alsoPrefixes, .. unindexed]);
        }
    }

    /// <summary>Every entry, in order.</summary>
    public IReadOnlyList<T> All { get; }

    /// <summary>How many entries are tried for every request because they cannot be indexed.</summary>
    public int UnindexedCount => _unindexed.Length;

    /// <summary>The entries that may match a request with this path, in the order to try them.</summary>
    public ReadOnlyMemory<T> Candidates(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_byExactPath.TryGetValue(path, out var exact))
        {
            return exact;
        }

        if (_byFirstSegment.Count > 0 && path.Length > 1)
        {
            var rest = path.AsSpan(1);
            var end = rest.IndexOf('/');
            if (_segmentLookup.TryGetValue(end < 0 ? rest : rest[..end], out var bySegment))
            {
                return bySegment;
            }
        }

        return _unindexed;
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int position)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(position);
    }

    private static T[] Pick(IReadOnlyList<T> entries, List<int> positions)
    {
        positions.Sort();
        var result = new T[positions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = entries[positions[i]];
        }

        return result;
    }

    /// <summary>The first segment of a literal prefix, when a '/' closes it (so every matching path has that segment).</summary>
    private static string? FirstSegment(string prefix)
    {
        var end = prefix.Length < 2 ? -1 : prefix.IndexOf('/', 1);
        return end < 0 ? null : prefix[1..end];
    }
}
