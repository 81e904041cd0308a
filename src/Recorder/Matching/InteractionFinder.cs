namespace Courier.Recorder.Matching;

/// <summary>
/// Finds the recorded interaction for a live request: the first unplayed match in recorded order (or, with playback
/// repeats, the first match), and otherwise the closest candidates with a per-matcher diff for the mismatch report.
/// Not thread-safe; the recorder calls it under its lock.
/// </summary>
internal sealed class InteractionFinder(IReadOnlyList<IInteractionMatcher> matchers, bool allowRepeats, bool indexByRoute)
{
    private readonly List<(ParsedRequest Request, Interaction Interaction)> _recorded = [];
    private readonly HashSet<int> _played = [];

    // When method, scheme, host, port and path are all matched on (the default), only interactions with the same
    // route can match: look them up by route so replay stays flat as the cassette grows.
    private readonly Dictionary<string, List<int>>? _byRoute = indexByRoute ? new(StringComparer.Ordinal) : null;

    public int Count => _recorded.Count;

    public void Add(Interaction interaction)
    {
        var parsed = new ParsedRequest(interaction.Request);
        _recorded.Add((parsed, interaction));
        if (_byRoute is not null)
        {
            var key = RouteOf(parsed);
            if (!_byRoute.TryGetValue(key, out var list))
            {
                _byRoute[key] = list = [];
            }

            list.Add(_recorded.Count - 1);
        }
    }

    private static string RouteOf(ParsedRequest request) =>
        $"{request.Request.Method} {request.Uri.Scheme.ToUpperInvariant()}://{request.Uri.Host.ToUpperInvariant()}:{request.Uri.Port}{request.Uri.AbsolutePath}";

    private IEnumerable<int> CandidatesFor(ParsedRequest live) =>
        _byRoute is null ? Enumerable.Range(0, _recorded.Count)
        : _byRoute.TryGetValue(RouteOf(live), out var list) ? list
        : [];

    /// <summary>Marks an interaction (just recorded in this session) as already played.</summary>
    public void MarkLastPlayed() => _played.Add(_recorded.Count - 1);

    public Interaction? Find(ParsedRequest live)
    {
        var firstMatch = -1;
        foreach (var i in CandidatesFor(live))
        {
            if (!Matches(live, _recorded[i].Request))
            {
                continue;
            }

            if (_played.Add(i))
            {
                return _recorded[i].Interaction;
            }

            firstMatch = firstMatch < 0 ? i : firstMatch;
        }

        return allowRepeats && firstMatch >= 0 ? _recorded[firstMatch].Interaction : null;
    }

    /// <summary>Whether the live request matches a recorded interaction that was already played (for the report).</summary>
    public bool MatchesPlayed(ParsedRequest live) => _played.Any(i => Matches(live, _recorded[i].Request));

    /// <summary>Up to <paramref name="count"/> recorded requests that match the most matchers, with each matcher's result.</summary>
    public IReadOnlyList<Candidate> Closest(ParsedRequest live, int count) =>
    [
        .. _recorded
            .Select((r, index) => new Candidate(index, r.Interaction.Request, [.. matchers.Select(m => (m.Name, m.Match(live, r.Request)))]))
            .OrderByDescending(c => c.Results.Count(x => x.Result.Matched))
            .ThenBy(c => c.Index)
            .Take(count),
    ];

    private bool Matches(ParsedRequest live, ParsedRequest recorded)
    {
        foreach (var matcher in matchers)
        {
            if (!matcher.Match(live, recorded).Matched)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A recorded request near a live one, with every matcher's verdict.</summary>
internal sealed record Candidate(int Index, RecordedRequest Request, IReadOnlyList<(string Name, MatcherResult Result)> Results);
