using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>
/// A route of a <see cref="MockTransport"/>: conditions (all must pass), a response, and the calls it answered.
/// Configure it fluently: <c>mock.Get("/users/{id}").WithHeader("Accept", "application/json").Respond(200, Body.Json(user))</c>.
/// </summary>
public sealed partial class MockRoute
{
    private readonly MockTransport _owner;
    private readonly List<RequestMatcher> _matchers = [];
    private readonly Queue<MockCall> _calls = new();
    private readonly Lock _gate = new();
    private RequestPattern? _pattern;
    private Responder _responder;
    private int _callCount;
    private int _priority = 5;
    private MockCall? _last;

    internal MockRoute(MockTransport owner, int number)
    {
        _owner = owner;
        Number = number;
        _responder = Responder.Static(MockResponse.Status(200));
    }

    /// <summary>The route's number: 1 for the first route added, 2 for the second, …</summary>
    public int Number { get; }

    /// <summary>The name shown in reports, or null.</summary>
    public string? Name { get; private set; }

    /// <summary>
    /// The priority: routes with a lower number are tried first (1 is the highest, as in WireMock; the default is 5);
    /// routes of equal priority are tried in the order they were added.
    /// </summary>
    public int Priority => _priority;

    /// <summary>The conditions, compiled (cheapest first when matching).</summary>
    public RequestPattern Pattern => _pattern ??= new RequestPattern(Snapshot());

    /// <summary>The calls answered so far, in order (the most recent <see cref="MockTransportOptions.MaxRecordedCalls"/>; <see cref="CallCount"/> counts them all).</summary>
    public IReadOnlyList<MockCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>How many requests the route answered.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>Whether the route answered at least one request.</summary>
    public bool Called => CallCount > 0;

    /// <summary>The last call, or null.</summary>
    public MockCall? LastCall
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    internal (int Min, int Max)? Expected { get; private set; }

    /// <summary>Names the route in reports.</summary>
    public MockRoute Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        return this;
    }

    /// <summary>Sets the priority (lower is tried first; 1 is the highest; the default is 5).</summary>
    public MockRoute WithPriority(int priority)
    {
        _priority = priority;
        _owner.Invalidate();
        return this;
    }

    /// <summary>Expects exactly <paramref name="count"/> calls, checked by <see cref="MockTransport.VerifyExpectations"/>.</summary>
    public MockRoute Times(int count) => Times(count, count);

    /// <summary>Expects between <paramref name="min"/> and <paramref name="max"/> calls (inclusive).</summary>
    public MockRoute Times(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        Expected = (min, max);
        return this;
    }

    /// <summary>Expects at least one call.</summary>
    public MockRoute AtLeastOnce() => Times(1, int.MaxValue);

    /// <summary>Expects no call.</summary>
    public MockRoute Never() => Times(0);

    /// <summary>Forgets the calls.</summary>
    public void ResetCalls()
    {
        lock (_gate)
        {
            _calls.Clear();
            _callCount = 0;
            _last = null;
        }
    }

    /// <summary><c>Route 2 "get-user": GET, [path template] /users/{id}</c>.</summary>
    public override string ToString() =>
        $"Route {Number}{(Name is null ? string.Empty : $" \"{Name}\"")}: {string.Join(", ", Snapshot().Select(m => m.Describe().Split('\n')[0]))}";

    /// <summary>Adds a condition.</summary>
    public MockRoute Matching(RequestMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        lock (_gate)
        {
            _matchers.Add(matcher);
            _pattern = null;
        }

        _owner.Invalidate();
        return this;
    }

    internal string DisplayName => Name is null ? $"Route {Number}" : $"Route {Number}: {Name}";

    internal TimeSpan RegexTimeout => _owner.Options.RegexTimeout;

    internal void Record(MockCall call)
    {
        lock (_gate)
        {
            if (_calls.Count >= _owner.Options.MaxRecordedCalls)
            {
                _calls.Dequeue();
            }

            _calls.Enqueue(call);
            _last = call;
        }
    }

    internal int NextCallNumber() => Interlocked.Increment(ref _callCount);

    private RequestMatcher[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _matchers];
        }
    }
}
