using System.Text;
using Courier.Mocking.Diagnostics;
using Courier.Mocking.Matching;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    /// <summary>
    /// The requests received, oldest first (the most recent <see cref="MockServerOptions.MaxJournalEntries"/>), including
    /// those refused before matching (<see cref="ServedRequest.WasRejected"/>).
    /// </summary>
    public IReadOnlyList<ServedRequest> Requests => _journal.All();

    /// <summary>The requests no stub matched, oldest first (each got 404 with the near-miss report).</summary>
    public IReadOnlyList<RequestSnapshot> UnmatchedRequests => [.. _journal.All().Where(e => e.IsUnmatched).Select(e => e.Request)];

    /// <summary>The requests refused before matching (body over the limit, request line or headers over Kestrel's limits, bad framing), oldest first.</summary>
    public IReadOnlyList<ServedRequest> RejectedRequests => [.. _journal.All().Where(e => e.WasRejected)];

    /// <summary>How many journalled requests fit <paramref name="pattern"/> (built with the stub API: <c>r => r.Method("POST").Path("/items")</c>).</summary>
    public int CountRequests(Action<MockRoute> pattern) => Matching(pattern).Count;

    /// <summary>Throws <see cref="MockAssertionException"/> unless at least one journalled request fits <paramref name="pattern"/>.</summary>
    public void Verify(Action<MockRoute> pattern) => Verify(1, int.MaxValue, pattern);

    /// <summary>Throws <see cref="MockAssertionException"/> unless exactly <paramref name="times"/> journalled requests fit <paramref name="pattern"/>.</summary>
    public void Verify(int times, Action<MockRoute> pattern) => Verify(times, times, pattern);

    /// <summary>Throws <see cref="MockAssertionException"/> unless between <paramref name="min"/> and <paramref name="max"/> journalled requests fit <paramref name="pattern"/>.</summary>
    public void Verify(int min, int max, Action<MockRoute> pattern)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var route = Scratch(pattern);
        var all = Answered();
        var count = all.Count(e => route.Pattern.IsMatch(e.Request));
        if (count >= min && count <= max)
        {
            return;
        }

        var expected = min == max ? $"exactly {min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
        var message = new StringBuilder()
            .Append("Expected ").Append(expected).Append(" request").Append(max == 1 ? string.Empty : "s").Append(" matching\n  ")
            .Append(route.Pattern.ToString().Replace("\n", "\n  ", StringComparison.Ordinal))
            .Append("\nbut ").Append(count).Append(count == 1 ? " was" : " were").Append(" received. The server received ").Append(all.Count).Append(':');
        foreach (var entry in all.TakeLast(20))
        {
            message.Append("\n  ").Append(entry.Request).Append(entry.WasMatched ? string.Empty : " (unmatched)");
        }

        throw new MockAssertionException(message.ToString());
    }

    /// <summary>Throws <see cref="MockAssertionException"/> listing every request no stub matched.</summary>
    public void AssertNoUnmatched()
    {
        var unmatched = UnmatchedRequests;
        if (unmatched.Count > 0)
        {
            throw new MockAssertionException(
                $"{unmatched.Count} request{(unmatched.Count == 1 ? " was" : "s were")} not matched by any stub:\n" + string.Join("\n", unmatched.Select(r => "  " + r)));
        }
    }

    /// <summary>Throws <see cref="MockAssertionException"/> listing every stub never called.</summary>
    public void AssertAllCalled() => _stubs.AssertAllCalled();

    /// <summary>Checks every stub's expected call count (<see cref="MockRoute.Times(int)"/>).</summary>
    public void VerifyExpectations() => _stubs.VerifyExpectations();

    /// <summary>Forgets the journal and every stub's calls (the stubs stay).</summary>
    public void ResetRequests()
    {
        _journal.Clear();
        _stubs.ResetCalls();
    }

    /// <summary>WireMock's "Request was not matched" report for <paramref name="request"/>: the closest stubs, closest first.</summary>
    public async ValueTask<string> ExplainAsync(RequestSnapshot request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stubs = _stubs.ServerIndex().All;
        if (stubs.Count == 0)
        {
            return "\nRequest was not matched: this MockServer has no stubs.\n\n" + request + "\n";
        }

        var closest = (await ClosestAsync(request, cancellationToken).ConfigureAwait(false)).Select(e => (e.Route.Name, e.Result)).ToArray();
        return closest.Length == 1
            ? NearMissRenderer.Render(closest[0].Name, closest[0].Result, request)
            : NearMissRenderer.Render(closest, request, "Closest stub");
    }

    /// <summary>The closest stubs for a request (at most <see cref="MockServerOptions.NearMissCount"/>), closest first.</summary>
    private async ValueTask<List<(MockRoute Route, PatternResult Result)>> ClosestAsync(RequestSnapshot request, CancellationToken cancellationToken)
    {
        var stubs = _stubs.ServerIndex().All;
        var explained = new List<(MockRoute Route, PatternResult Result)>(stubs.Count);
        foreach (var stub in stubs)
        {
            explained.Add((stub, await stub.Pattern.ExplainAsync(request, cancellationToken).ConfigureAwait(false)));
        }

        return [.. explained.OrderBy(e => e.Result.Distance).ThenBy(e => e.Route.Number).Take(Math.Max(1, Options.NearMissCount))];
    }

    private List<ServedRequest> Matching(Action<MockRoute> pattern)
    {
        var route = Scratch(pattern);
        return [.. Answered().Where(e => route.Pattern.IsMatch(e.Request))];
    }

    /// <summary>The journal without rejected requests (they never reached matching, so verification leaves them out).</summary>
    private List<ServedRequest> Answered() => [.. _journal.All().Where(e => !e.WasRejected)];

    private MockRoute Scratch(Action<MockRoute> pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        using var scratch = new MockTransport(new MockTransportOptions { RegexTimeout = Options.RegexTimeout });
        return scratch.Route(pattern);
    }
}
