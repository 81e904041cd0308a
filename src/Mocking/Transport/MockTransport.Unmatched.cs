using Courier.Mocking.Diagnostics;
using Courier.Mocking.Matching;

namespace Courier.Mocking;

public sealed partial class MockTransport
{
    /// <summary>The requests no route matched, in order.</summary>
    public IReadOnlyList<RequestSnapshot> UnmatchedRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _unmatched];
            }
        }
    }

    /// <summary>Renders the near-miss report for a request: the closest routes, each condition matched or failed.</summary>
    public async ValueTask<string> ExplainAsync(RequestSnapshot request, CancellationToken cancellationToken = default)
    {
        var closest = await NearMissesAsync(request, Options.NearMissCount, cancellationToken).ConfigureAwait(false);
        return NearMissRenderer.Render(closest.Select(e => ((string?)e.Route.DisplayName, e.Result)), request);
    }

    /// <summary>The <paramref name="count"/> routes closest to matching <paramref name="request"/>, closest first, each with every condition's result.</summary>
    public async ValueTask<IReadOnlyList<(MockRoute Route, PatternResult Result)>> NearMissesAsync(RequestSnapshot request, int count = 3, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var routes = Index().All;
        var explained = new List<(MockRoute Route, PatternResult Result)>(routes.Count);
        foreach (var route in routes)
        {
            explained.Add((route, await route.Pattern.ExplainAsync(request, cancellationToken).ConfigureAwait(false)));
        }

        return [.. explained.OrderBy(e => e.Result.Distance).ThenBy(e => e.Route.Number).Take(Math.Max(1, count))];
    }

    private async ValueTask<UnmatchedRequestException> UnmatchedAsync(RequestSnapshot snapshot, HttpRequestMessage original, CancellationToken cancellationToken)
    {
        var request = CourierRequest(original, snapshot);
        var count = Index().All.Count;
        if (count == 0)
        {
            return new UnmatchedRequestException(
                $"No route matched {snapshot.Method} {snapshot.Url}: this MockTransport has no routes. Add one, e.g. mock.Get(\"{snapshot.Path}\").Respond(200).",
                request);
        }

        var report = await ExplainAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var shown = Math.Min(count, Math.Max(1, Options.NearMissCount));
        var message = $"No route matched {snapshot.Method} {snapshot.Url} ({count} route{(count == 1 ? string.Empty : "s")}; the {(shown == 1 ? "closest is" : $"{shown} closest are")} shown below, closest first). " +
            "A line ending in <<<<< is a condition that failed. Fix that route, add one for this request, or set MockTransportOptions.PassThrough.\n" + report;
        return new UnmatchedRequestException(message, request, report);
    }
}
