using Courier.Mocking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs a <see cref="MockTransport"/> into <c>IHttpClientFactory</c>.</summary>
public static class MockTransportHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes <paramref name="mock"/> the primary handler of this named or typed client: every request of clients
    /// built from it is answered by the mock's routes (delegating handlers added to the builder still run).
    /// </summary>
    public static IHttpClientBuilder AddMockTransport(this IHttpClientBuilder builder, MockTransport mock)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mock);
        return builder.ConfigurePrimaryHttpMessageHandler(() => mock);
    }
}
