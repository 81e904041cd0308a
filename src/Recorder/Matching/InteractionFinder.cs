using Courier.Mocking.Matching;

namespace Courier.Recorder.Matching;

/// <summary>
/// Finds the recorded interaction for a live request with the shared matching engine: each recorded request is a
/// <see cref="RequestPattern"/>; the first unplayed match in recorded order wins (or, with playback repeats, the first
/// match). Candidates are looked up by the exactly-matched parts of the request, so lookup stays flat from 10 to
/// 10,000 interactions. Not thread-safe; the recorder calls it under its lock.
/// </summary>
internal sealed class InteractionFinder(InteractionPatterns patterns, bool allowRepeats)
{
    private readonly List<Entry> _recorded = [];
    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<int> _played = [];

    public int Count => _recorded.Count;

    public void Add(Interaction interaction)
    {
        var snapshot = InteractionPatterns.Snapshot(interaction.Request);
        _recorded.Add(new Entry(_recorded.Count, interaction, patterns.PatternFor(interaction.Request, snapshot)));
        var key = patterns.KeyOf(snapshot);
        if (!_byKey.TryGetValue(key, out var list))
        {
            _byKey[key] = list = [];
        }

        list.Add(_recorded.Count - 1);
    }

    /// <summary>Marks an interaction (just recorded in this session) as already played.</summary>
    public void MarkLastPlayed() => _played.Add(_recorded.Count - 1);

    public Interaction? Find(RequestSnapshot live)
    {
        if (!_byKey.TryGetValue(patterns.KeyOf(live), out var candidates))
        {
            return null;
        }

        var firstMatch = -1;
        foreach (var i in candidates)
        {
            if (!_recorded[i].Pattern.IsMatch(live))
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
    public bool MatchesPlayed(RequestSnapshot live) => _played.Any(i => _recorded[i].Pattern.IsMatch(live));

    /// <summary>Up to <paramref name="count"/> recorded interactions closest to matching (the engine's weighted distance), each with every matcher's result.</summary>
    public IReadOnlyList<(Entry Entry, PatternResult Result)> Closest(RequestSnapshot live, int count) =>
    [
        .. _recorded
            .Select(e => (Entry: e, Result: e.Pattern.Explain(live)))
            .OrderBy(c => c.Result.Distance)
            .ThenBy(c => c.Entry.Index)
            .Take(count),
    ];

    /// <summary>A recorded interaction, its position in the cassette and its compiled pattern.</summary>
    internal sealed record Entry(int Index, Interaction Interaction, RequestPattern Pattern);
}
