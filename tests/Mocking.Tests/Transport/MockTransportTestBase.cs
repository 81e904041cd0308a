using Courier.Mocking;

namespace Courier.MockingTests.Transport;

/// <summary>Helpers: a mock per test, reached through a plain HttpClient or Courier's Client.</summary>
public abstract class MockTransportTestBase
{
    protected static HttpClient HttpClientFor(MockTransport mock) => new(mock, disposeHandler: false) { BaseAddress = new Uri("http://api.test") };

    protected static Client ClientFor(MockTransport mock) => new(new ClientOptions { Transport = mock, BaseUrl = new Uri("http://api.test") });
}
