using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>One request the server received: when, what, which stub answered it (null when none matched) and the status sent.</summary>
/// <param name="Id">A unique id (WireMock's request id).</param>
/// <param name="LoggedAt">When it was received.</param>
/// <param name="Request">The request (body buffered).</param>
/// <param name="Stub">The stub that answered, or null when the request was not matched.</param>
/// <param name="StatusCode">The status sent (404 for an unmatched request; 0 for a fault).</param>
public sealed record ServedRequest(Guid Id, DateTimeOffset LoggedAt, RequestSnapshot Request, MockRoute? Stub, int StatusCode)
{
    /// <summary>Whether a stub matched.</summary>
    public bool WasMatched => Stub is not null;
}

/// <summary>The bounded request journal of a <see cref="MockServer"/> (the oldest entries dropped first).</summary>
internal sealed class RequestJournal(int capacity)
{
    private readonly Queue<ServedRequest> _entries = new();
    private readonly Lock _gate = new();

    public void Add(ServedRequest entry)
    {
        lock (_gate)
        {
            if (_entries.Count >= capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
        }
    }

    public IReadOnlyList<ServedRequest> All()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
