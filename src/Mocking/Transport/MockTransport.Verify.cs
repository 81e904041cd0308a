using System.Text;

namespace Courier.Mocking;

public sealed partial class MockTransport
{
    /// <summary>Every call answered by a route, in the order of the routes then of the calls.</summary>
    public IReadOnlyList<MockCall> Calls => [.. Routes.SelectMany(r => r.Calls)];

    /// <summary>How many requests the routes answered.</summary>
    public int CallCount => Routes.Sum(r => r.CallCount);

    /// <summary>Throws <see cref="MockAssertionException"/> listing every route that was never called.</summary>
    public void AssertAllCalled()
    {
        var uncalled = Routes.Where(r => !r.Called).ToArray();
        if (uncalled.Length > 0)
        {
            throw new MockAssertionException(
                $"{uncalled.Length} route{(uncalled.Length == 1 ? " was" : "s were")} never called:\n" + string.Join("\n", uncalled.Select(r => "  " + r)));
        }
    }

    /// <summary>Throws <see cref="MockAssertionException"/> listing every request no route matched.</summary>
    public void AssertNoUnmatched()
    {
        var unmatched = UnmatchedRequests;
        if (unmatched.Count > 0)
        {
            throw new MockAssertionException(
                $"{unmatched.Count} request{(unmatched.Count == 1 ? " was" : "s were")} not matched by any route:\n" + string.Join("\n", unmatched.Select(r => "  " + r)));
        }
    }

    /// <summary>Checks every route's expected call count (<see cref="MockRoute.Times(int)"/>) and reports all failures in one exception.</summary>
    public void VerifyExpectations()
    {
        var failures = new StringBuilder();
        foreach (var route in Routes)
        {
            if (route.Expected is { } expected && (route.CallCount < expected.Min || route.CallCount > expected.Max))
            {
                failures.Append("  ").Append(route).Append(": expected ").Append(Describe(expected)).Append(", got ").Append(route.CallCount).Append('\n');
            }
        }

        if (failures.Length > 0)
        {
            throw new MockAssertionException("Call counts did not match the expectations:\n" + failures.ToString().TrimEnd('\n'));
        }
    }

    /// <summary>Forgets every call and unmatched request (the routes stay).</summary>
    public void ResetCalls()
    {
        foreach (var route in Routes)
        {
            route.ResetCalls();
        }

        lock (_gate)
        {
            _unmatched.Clear();
        }
    }

    private static string Describe((int Min, int Max) expected) =>
        expected.Min == expected.Max ? $"{expected.Min} call{(expected.Min == 1 ? string.Empty : "s")}"
        : expected.Max == int.MaxValue ? $"at least {expected.Min}"
        : $"{expected.Min} to {expected.Max} calls";
}
