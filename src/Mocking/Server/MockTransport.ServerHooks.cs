using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>
/// The hook <see cref="MockServer"/> uses to reuse a transport's routes: the same ordered, indexed routes the
/// transport itself matches against (priority, then the order added), rebuilt whenever a route changes.
/// </summary>
public sealed partial class MockTransport
{
    internal RouteIndex<MockRoute> ServerIndex() => Index();
}

/// <summary>Removing a route (for the server's admin API; a transport itself has no remove operation yet).</summary>
public sealed partial class MockTransport
{
    internal bool RemoveRoute(MockRoute route)
    {
        lock (_gate)
        {
            var removed = _routes.Remove(route);
            _index = null;
            return removed;
        }
    }
}
