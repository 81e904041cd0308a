using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Courier.TestHost;

/// <summary>Creates Courier clients that call an app in-process through <see cref="TestServerTransport"/>.</summary>
public static class CourierClientExtensions
{
    /// <summary>The base URL an in-process client gets when its options set none (TestServer's own default).</summary>
    public static readonly Uri DefaultBaseUrl = new("http://localhost/");

    /// <summary>
    /// A client into the factory's app (the app is built and started on first use). Everything in
    /// <paramref name="options"/> applies as over the network, except <see cref="ClientOptions.Transport"/>, which is
    /// replaced by a <see cref="TestServerTransport"/>; <see cref="ClientOptions.BaseUrl"/> defaults to the factory's
    /// <c>ClientOptions.BaseAddress</c>, and <c>Http2 = true, Http1 = false</c> presents requests as HTTP/2.
    /// </summary>
    /// <typeparam name="TEntryPoint">The app's entry point.</typeparam>
    /// <param name="factory">The factory; dispose it to stop the app.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="transportOptions">How requests are presented to the app.</param>
    public static Client CreateCourierClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, ClientOptions? options = null, TestServerTransportOptions? transportOptions = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var baseUrl = factory.ClientOptions.BaseAddress ?? DefaultBaseUrl;
        return Create(factory.Server, options, transportOptions, baseUrl);
    }

    /// <summary>A client into the app on <paramref name="server"/>; see the <c>WebApplicationFactory</c> overload for how the options apply.</summary>
    /// <param name="server">The test server.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="transportOptions">How requests are presented to the app.</param>
    public static Client CreateCourierClient(this TestServer server, ClientOptions? options = null, TestServerTransportOptions? transportOptions = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Create(server, options, transportOptions, server.BaseAddress ?? DefaultBaseUrl);
    }

    /// <summary>A client into a started host (or <c>WebApplication</c>) that uses the test server; see the <c>WebApplicationFactory</c> overload.</summary>
    /// <param name="host">The started host.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="transportOptions">How requests are presented to the app.</param>
    public static Client CreateCourierClient(this IHost host, ClientOptions? options = null, TestServerTransportOptions? transportOptions = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        return TestServerTransport.GetServer(host).CreateCourierClient(options, transportOptions);
    }

    private static Client Create(TestServer server, ClientOptions? options, TestServerTransportOptions? transportOptions, Uri baseUrl)
    {
        options ??= new ClientOptions();
        transportOptions ??= TestServerTransportOptions.Default;
        if (transportOptions.HttpVersion is null && options.Http2 && !options.Http1)
        {
            transportOptions = transportOptions with { HttpVersion = HttpVersion.Version20 };
        }

        var transport = new TestServerTransport(server, transportOptions);
        return new Client(options with { Transport = transport, BaseUrl = options.BaseUrl ?? baseUrl });
    }
}
