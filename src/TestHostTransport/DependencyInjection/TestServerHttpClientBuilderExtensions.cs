using Courier.TestHost;
using Microsoft.AspNetCore.TestHost;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Sends a plain <c>IHttpClientFactory</c> client (typed or named) into an in-process app.</summary>
public static class TestServerHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes a <see cref="TestServerTransport"/> into the app on the test server <paramref name="server"/> returns the
    /// primary handler of this client (delegating handlers added to the builder still run). When the client has no
    /// <c>BaseAddress</c>, the server's is used. The factory owns the transport, never the server.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="server">Gets the test server.</param>
    /// <param name="options">How requests are presented to the app.</param>
    public static IHttpClientBuilder AddTestServerTransport(this IHttpClientBuilder builder, Func<IServiceProvider, TestServer> server, TestServerTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(server);
        return builder
            .ConfigurePrimaryHttpMessageHandler(services => new TestServerTransport(server(services), options ?? TestServerTransportOptions.Default))
            .ConfigureHttpClient((services, client) => client.BaseAddress ??= server(services).BaseAddress);
    }

    /// <summary>As the other overload, into the app on <paramref name="server"/>.</summary>
    /// <param name="builder">The builder from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="server">The test server.</param>
    /// <param name="options">How requests are presented to the app.</param>
    public static IHttpClientBuilder AddTestServerTransport(this IHttpClientBuilder builder, TestServer server, TestServerTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return builder.AddTestServerTransport(_ => server, options);
    }
}
