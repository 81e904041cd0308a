using Courier.DependencyInjection;
using Courier.Mocking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs a <see cref="MockTransport"/> into a Courier client registered with <c>AddCourierClient</c>.</summary>
public static class MockTransportCourierClientBuilderExtensions
{
    /// <summary>
    /// Makes <paramref name="mock"/> the transport of this named Courier client: every request of the clients the
    /// factory creates for it is answered by the mock's routes, with the client's options (base URL, headers, auth,
    /// redirects) applied as over the network. The container does not dispose the mock; the test owns it.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddCourierClient(name)</c>.</param>
    /// <param name="mock">The mock transport.</param>
    public static ICourierClientBuilder AddMockTransport(this ICourierClientBuilder builder, MockTransport mock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mock);
        return builder.UseTransport(_ => mock, disposeWithContainer: false);
    }
}
