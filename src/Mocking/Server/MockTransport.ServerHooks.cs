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
