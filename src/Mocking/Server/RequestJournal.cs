using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>
/// The bounded request journal of a <see cref="MockServer"/>: at most <c>capacity</c> entries (the oldest dropped first)
/// and at most <c>maxBodyBytes</c> of stored bodies. A body over <c>maxEntryBodyBytes</c> is kept cut at that length;
/// when the stored bodies would pass the total, the oldest entries lose their bodies first (each keeps its real
/// <see cref="ServedRequest.BodyLength"/>, so <see cref="ServedRequest.BodyTruncated"/> says so).
/// </summary>
internal sealed class RequestJournal(int capacity, long maxBodyBytes, long maxEntryBodyBytes)
{
    private readonly LinkedList<ServedRequest> _entries = new();
    private readonly Lock _gate = new();
    private readonly long _maxEntryBodyBytes = Math.Min(maxEntryBodyBytes, maxBodyBytes);

    // The oldest entry whose body may still be stored: every entry before it has had its body dropped.
    private LinkedListNode<ServedRequest>? _oldestWithBody;
    private long _bodyBytes;

    /// <summary>The bytes of request bodies the journal holds now.</summary>
    public long StoredBodyBytes
    {
        get
        {
            lock (_gate)
            {
                return _bodyBytes;
            }
        }
    }

    /// <summary>The snapshot as the journal (and a stub's calls) keep it: the body cut at the per-entry cap.</summary>
    public RequestSnapshot Trim(RequestSnapshot request) =>
        request.Body.Length > _maxEntryBodyBytes ? WithBody(request, request.Body[..(int)_maxEntryBodyBytes].ToArray()) : request;

    /// <summary>Adds an entry (its body cut at the per-entry cap; <paramref name="bodyLength"/> is the real length, when known to be larger).</summary>
    public void Add(ServedRequest entry, long bodyLength = 0)
    {
        var real = Math.Max(bodyLength, entry.Request.Body.Length);
        var stored = entry with { Request = Trim(entry.Request), BodyLength = real };
        lock (_gate)
        {
            if (_entries.Count >= capacity && _entries.First is { } first)
            {
                if (_oldestWithBody == first)
                {
                    _oldestWithBody = first.Next;
                }

                _bodyBytes -= first.Value.Request.Body.Length;
                _entries.RemoveFirst();
            }

            var node = _entries.AddLast(stored);
            _oldestWithBody ??= node;
            _bodyBytes += stored.Request.Body.Length;
            while (_bodyBytes > maxBodyBytes && _oldestWithBody is { } oldest && oldest != node)
            {
                var body = oldest.Value.Request.Body.Length;
                if (body > 0)
                {
                    oldest.Value = oldest.Value with { Request = WithBody(oldest.Value.Request, ReadOnlyMemory<byte>.Empty) };
                    _bodyBytes -= body;
                }

                _oldestWithBody = oldest.Next;
            }
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
            _oldestWithBody = null;
            _bodyBytes = 0;
        }
    }

    private static RequestSnapshot WithBody(RequestSnapshot request, ReadOnlyMemory<byte> body) =>
        new(request.Method, request.Url, request.Headers, body);
}
