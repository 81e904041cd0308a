using Courier.Recorder.Matching;

namespace Courier.Recorder;

/// <summary>
/// A request in replay matched no recorded interaction. The message names the cassette and shows the closest recorded
/// requests in the shared matching engine's near-miss table (as <c>MockTransport</c> prints it: one line per matcher,
/// failed lines marked <c>&lt;&lt;&lt;&lt;&lt;</c>) plus a JSON diff by path where bodies are JSON; secret-looking
/// values are masked.
/// </summary>
public sealed class CassetteMismatchException : CourierException
{
    internal CassetteMismatchException(string cassette, RecordedRequest request, string message)
        : base(message)
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
}
