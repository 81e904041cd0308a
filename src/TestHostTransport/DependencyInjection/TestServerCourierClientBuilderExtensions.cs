using Courier;
using Courier.DependencyInjection;
using Courier.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Sends a Courier client registered with <c>AddCourierClient</c> into an in-process app.</summary>
public static class TestServerCourierClientBuilderExtensions
{
    /// <summary>
    /// Makes a <see cref="TestServerTransport"/> into the app on the test server <paramref name="server"/> returns the
    /// transport of this named Courier client; when neither code nor configuration set a base URL, the server's
    /// <c>BaseAddress</c> is used, and <c>Http2 = true, Http1 = false</c> presents requests as HTTP/2. The container
    /// disposes the transport, never the server.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddCourierClient(name)</c>.</param>
    /// <param name="server">Gets the test server (called once per container).</param>
    /// <param name="options">How requests are presented to the app.</param>
    public static ICourierClientBuilder AddTestServerTransport(this ICourierClientBuilder builder, Func<IServiceProvider, TestServer> server, TestServerTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(server);
        TestServer? resolved = null;
        TestServer Resolve(IServiceProvider services) => resolved ??= server(services);
        return builder
            .UseTransport((services, clientOptions) => new TestServerTransport(Resolve(services), PresentAs(options, clientOptions)))
            .ConfigureOptions((services, clientOptions) => clientOptions.BaseUrl is null
                ? clientOptions with { BaseUrl = Resolve(services).BaseAddress ?? CourierClientExtensions.DefaultBaseUrl }
                : clientOptions);
    }

    /// <summary><c>Http2 = true, Http1 = false</c> presents requests as HTTP/2, as <c>CreateCourierClient</c> does.</summary>
    private static TestServerTransportOptions PresentAs(TestServerTransportOptions? options, ClientOptions clientOptions)
    {
        options ??= TestServerTransportOptions.Default;
        return options.HttpVersion is null && clientOptions.Http2 && !clientOptions.Http1
            ? options with { HttpVersion = System.Net.HttpVersion.Version20 }
            : options;
    }

    /// <summary>As the other overload, into the app on <paramref name="server"/>.</summary>
    /// <param name="builder">The builder from <c>services.AddCourierClient(name)</c>.</param>
    /// <param name="server">The test server.</param>
    /// <param name="options">How requests are presented to the app.</param>
    public static ICourierClientBuilder AddTestServerTransport(this ICourierClientBuilder builder, TestServer server, TestServerTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return builder.AddTestServerTransport(_ => server, options);
    }

    /// <summary>As the other overloads, into the app of <paramref name="factory"/> (built and started on first use).</summary>
    /// <typeparam name="TEntryPoint">The app's entry point.</typeparam>
    /// <param name="builder">The builder from <c>services.AddCourierClient(name)</c>.</param>
    /// <param name="factory">The app factory; dispose it to stop the app.</param>
    /// <param name="options">How requests are presented to the app.</param>
    public static ICourierClientBuilder AddTestServerTransport<TEntryPoint>(this ICourierClientBuilder builder, WebApplicationFactory<TEntryPoint> factory, TestServerTransportOptions? options = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return builder.AddTestServerTransport(_ => factory.Server, options);
    }
}
