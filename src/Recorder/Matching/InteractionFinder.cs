namespace Courier.Recorder.Matching;

/// <summary>
/// Finds the recorded interaction for a live request: the first unplayed match in recorded order (or, with playback
/// repeats, the first match), and otherwise the closest candidates with a per-matcher diff for the mismatch report.
/// Not thread-safe; the recorder calls it under its lock.
/// </summary>
internal sealed class InteractionFinder(IReadOnlyList<IInteractionMatcher> matchers, bool allowRepeats)
{
    private readonly List<(ParsedRequest Request, Interaction Interaction)> _recorded = [];
    private readonly HashSet<int> _played = [];

    public int Count => _recorded.Count;

    public void Add(Interaction interaction) => _recorded.Add((new ParsedRequest(interaction.Request), interaction));

    public void Clear()
    {
        _recorded.Clear();
        _played.Clear();
    }

    /// <summary>Marks an interaction (just recorded in this session) as already played.</summary>
    public void MarkLastPlayed() => _played.Add(_recorded.Count - 1);

    public Interaction? Find(ParsedRequest live)
    {
        var firstMatch = -1;
        for (var i = 0; i < _recorded.Count; i++)
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
