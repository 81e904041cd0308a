using System.Collections.Concurrent;

namespace Courier.TestHostTests.Sample;

/// <summary>What the sample app observed, keyed by a per-test id (one probe per app; no static state).</summary>
public sealed class AppProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    /// <summary>A signal, created on first use by either side.</summary>
    public TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Completes when the request with this id saw <c>RequestAborted</c>.</summary>
    public Task Aborted(string id) => Signal("aborted:" + id).Task;

    /// <summary>Completes when the request with this id finished in the app (normally or not).</summary>
    public Task Finished(string id) => Signal("finished:" + id).Task;

    /// <summary>The app side: tie the request's abort and end to the probe.</summary>
    public void Watch(string id, CancellationToken requestAborted) =>
        requestAborted.Register(() => Signal("aborted:" + id).TrySetResult());
}
