using System.Text;
using Courier.Recorder.Matching;

namespace Courier.Recorder;

/// <summary>
/// A request in replay matched no recorded interaction. The message names the cassette and shows the closest recorded
/// requests with a MATCHED/FAILED line per matcher; secret-looking values are masked.
/// </summary>
public sealed class CassetteMismatchException : CourierException
{
    internal CassetteMismatchException(string cassette, RecordMode mode, RecordedRequest request, IReadOnlyList<Candidate> closest, bool alreadyPlayed)
        : base(Describe(cassette, mode, request, closest, alreadyPlayed))
    {
        Cassette = cassette;
        Method = request.Method;
        Uri = Redaction.Uri(request.Uri);
    }

    /// <summary>The cassette's file (or name).</summary>
    public string Cassette { get; }

    /// <summary>The unmatched request's method.</summary>
    public string Method { get; }

    /// <summary>The unmatched request's URI, with secret-looking query values masked.</summary>
    public string Uri { get; }

    private static string Describe(string cassette, RecordMode mode, RecordedRequest request, IReadOnlyList<Candidate> closest, bool alreadyPlayed)
    {
        var text = new StringBuilder()
            .Append("No recorded interaction in cassette '").Append(cassette).Append("' (mode ").Append(mode).Append(") matches ")
            .Append(request.Method).Append(' ').Append(Redaction.Uri(request.Uri)).Append('.').AppendLine();
        if (alreadyPlayed)
        {
            text.AppendLine("A matching interaction exists but was already replayed; each replays once unless RecorderOptions.AllowPlaybackRepeats.");
        }

        if (closest.Count == 0)
        {
            text.AppendLine("The cassette holds no interactions.");
        }
        else
        {
            text.AppendLine("Closest recorded requests:");
        }

        foreach (var candidate in closest)
        {
            text.Append("  #").Append(candidate.Index + 1).Append(' ').Append(candidate.Request.Method).Append(' ').AppendLine(Redaction.Uri(candidate.Request.Uri));
            foreach (var (name, result) in candidate.Results)
            {
                text.Append("    ").Append(result.Matched ? "MATCHED " : "FAILED  ").Append(name);
                text.AppendLine(result.Diff is null ? string.Empty : ": " + result.Diff);
            }
        }

        return text.Append("To record it, run with RecordMode.NewEpisodes (or COURIER_RECORD_MODE=new_episodes), or delete the cassette and record again.").ToString();
    }
}
