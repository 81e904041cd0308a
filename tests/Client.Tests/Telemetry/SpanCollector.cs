using System.Diagnostics;

namespace Courier.ClientTests.Telemetry;

/// <summary>
/// Listens to Courier's ActivitySource (and optionally System.Net.Http's) and keeps the stopped spans of one trace:
/// the test starts its own root activity, so spans of other tests never mix in.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private static readonly ActivitySource TestSource = new("Courier.ClientTests.Telemetry");
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];

    public SpanCollector(params string[] sources)
    {
        var names = new HashSet<string>(sources.Length == 0 ? ["Courier"] : sources) { TestSource.Name };
        _listener = new ActivityListener
        {
            ShouldListenTo = source => names.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        Root = TestSource.StartActivity("test-root")!;
    }

    /// <summary>The test's own root span; Courier's spans of this test are its descendants.</summary>
    public Activity Root { get; }

    /// <summary>The stopped spans of this test's trace from <paramref name="source"/>, in stop order.</summary>
    public List<Activity> Spans(string source = "Courier")
    {
        lock (_stopped)
        {
            return _stopped.Where(a => a.TraceId == Root.TraceId && a.Source.Name == source).ToList();
        }
    }

    public void Dispose()
    {
        Root.Dispose();
        _listener.Dispose();
    }
}
