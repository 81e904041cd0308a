using System.Text;
using Courier.Mocking.Diagnostics;
using Courier.Mocking.Matching;

namespace Courier.Recorder.Matching;

/// <summary>
/// The text of a <see cref="CassetteMismatchException"/>: the cassette, the request, then the shared engine's near-miss
/// table (the one <c>MockTransport</c> prints) for the closest recorded requests, and a JSON diff by path where a JSON
/// body failed. Results come from the real requests; the text is rendered from masked copies, so no secret shows.
/// </summary>
internal static class MismatchReport
{
    public const string Heading = "Closest recorded request";

    public static string Describe(string cassette, RecordMode mode, RecordedRequest live, RequestSnapshot liveSnapshot,
        IReadOnlyList<(InteractionFinder.Entry Entry, PatternResult Result)> closest, bool alreadyPlayed, InteractionPatterns patterns)
    {
        var text = new StringBuilder()
            .Append("No recorded interaction in cassette '").Append(cassette).Append("' (mode ").Append(mode).Append(") matches ")
            .Append(live.Method).Append(' ').Append(Redaction.Uri(live.Uri)).Append('.').Append('\n');
        if (alreadyPlayed)
        {
            text.Append("A matching interaction exists but was already replayed; each replays once unless RecorderOptions.AllowPlaybackRepeats.\n");
        }

        if (closest.Count == 0)
        {
            text.Append("The cassette holds no interactions.\n");
        }
        else
        {
            var maskedLive = InteractionPatterns.Snapshot(ReportMask.Apply(live));
            text.Append("The ").Append(closest.Count == 1 ? "closest recorded request is" : $"{closest.Count} closest recorded requests are")
                .Append(" shown below, closest first; a line ending in <<<<< is a condition that failed.");
            text.Append(NearMissRenderer.Render(closest.Select(c => (Name(c.Entry), Masked(c.Entry, c.Result, maskedLive, patterns))), maskedLive, Heading));
            foreach (var (entry, result) in closest)
            {
                AppendJsonDifferences(text, entry, result, liveSnapshot);
            }
        }

        return text.Append("To record it, run with RecordMode.NewEpisodes (or COURIER_RECORD_MODE=new_episodes), or delete the cassette and record again.").ToString();
    }

    private static string? Name(InteractionFinder.Entry entry) =>
        $"Interaction #{entry.Index + 1}: {entry.Interaction.Request.Method} {Redaction.Uri(entry.Interaction.Request.Uri)}";

    /// <summary>The real verdicts, attached to matchers and a request rebuilt from masked copies (same matchers, same order).</summary>
    private static PatternResult Masked(InteractionFinder.Entry entry, PatternResult real, RequestSnapshot maskedLive, InteractionPatterns patterns)
    {
        var maskedRecorded = ReportMask.Apply(entry.Interaction.Request);
        var display = patterns.PatternFor(maskedRecorded, InteractionPatterns.Snapshot(maskedRecorded)).Matchers;
        if (display.Count != real.Results.Count)
        {
            // Never print unmasked text; fall back to verdicts without sides.
            return new PatternResult([.. real.Results.Select(r => (r.IsMatch ? MatchResult.Matched : MatchResult.Miss(r.Distance)).For(new Hidden(r.Matcher!.Attribute), maskedLive))]);
        }

        return new PatternResult([.. real.Results.Select((r, i) => (r.IsMatch ? MatchResult.Matched : MatchResult.Miss(r.Distance)).For(display[i], maskedLive))]);
    }

    private static void AppendJsonDifferences(StringBuilder text, InteractionFinder.Entry entry, PatternResult result, RequestSnapshot live)
    {
        foreach (var failed in result.Results.Where(r => !r.IsMatch && r.Matcher is JsonBodyMatcher))
        {
            var differences = ((JsonBodyMatcher)failed.Matcher!).Differences(live, 6);
            if (differences.Count == 0)
            {
                text.Append("JSON body of interaction #").Append(entry.Index + 1).Append(": the request body is not JSON.\n");
                continue;
            }

            text.Append("JSON body of interaction #").Append(entry.Index + 1).Append(" differs at ")
                .Append(string.Join("; ", differences.Take(5).Select(Line)))
                .Append(differences.Count > 5 ? "; …" : string.Empty).Append('\n');
        }
    }

    private static string Line(JsonDifference d) => (d.Expected, d.Actual) switch
    {
        (null, _) => $"{d.Path}: not recorded, present now",
        (_, null) => $"{d.Path}: recorded, missing now",
        _ => $"{d.Path}: recorded {ReportMask.JsonText(d.Expected, d.LastSegment)}, got {ReportMask.JsonText(d.Actual, d.LastSegment)}",
    };

    /// <summary>A stand-in that names the attribute only.</summary>
    private sealed class Hidden(string attribute) : Mocking.Matching.RequestMatcher
    {
        public override string Attribute => attribute;

        public override MatchResult Match(RequestSnapshot request) => MatchResult.Failed;

        public override string Describe() => attribute + " (hidden)";

        public override string DescribeActual(RequestSnapshot request) => string.Empty;
    }
}
