using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>What a response function receives: the request, the values its path template captured, and the call number.</summary>
public sealed class MockContext
{
    private readonly PathMatcher? _template;
    private IReadOnlyDictionary<string, string>? _values;

    internal MockContext(RequestSnapshot request, MockRoute route, int callNumber, PathMatcher? template)
    {
        Request = request;
        Route = route;
        CallNumber = callNumber;
        _template = template;
    }

    /// <summary>The request (buffered).</summary>
    public RequestSnapshot Request { get; }

    /// <summary>The route that matched.</summary>
    public MockRoute Route { get; }

    /// <summary>1 for the route's first call, 2 for the second, …</summary>
    public int CallNumber { get; }

    /// <summary>The values captured by the route's path template (<c>/users/{id}</c> gives <c>RouteValues["id"]</c>), percent-decoded.</summary>
    public IReadOnlyDictionary<string, string> RouteValues => _values ??= _template?.Capture(Request) ?? new Dictionary<string, string>();
}
