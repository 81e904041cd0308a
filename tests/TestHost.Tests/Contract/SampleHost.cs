using Courier.TestHost;
using Courier.TestHostTests.Sample;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Contract;

/// <summary>The sample app, running either in-process (TestServer) or on Kestrel (127.0.0.1 port 0).</summary>
public abstract class SampleHost : IAsyncDisposable
{
    protected SampleHost(AppProbe? probe = null) => Probe = probe ?? new AppProbe();

    public AppProbe Probe { get; }

    /// <summary>A client whose base URL is the app; the host disposes what it created.</summary>
    public abstract Client CreateClient(ClientOptions? options = null);

    public abstract ValueTask DisposeAsync();

    /// <summary>The sample app on a TestServer, built like a real WebApplication with <c>UseTestServer()</c>.</summary>
    public static async Task<InProcessHost> StartInProcessAsync(TestServerTransportOptions? transportOptions = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var host = new InProcessHost(app, transportOptions);
        SampleApp.Map(app, host.Probe);
        await app.StartAsync();
        return host;
    }

    public static async Task<KestrelHost> StartKestrelAsync()
    {
        var probe = new AppProbe();
        var server = await LoopbackServer.StartAsync(app => SampleApp.Map(app, probe));
        return new KestrelHost(server, probe);
    }
}

public sealed class InProcessHost(WebApplication app, TestServerTransportOptions? transportOptions) : SampleHost
{
    private readonly List<TestServerTransport> _transports = [];

    public WebApplication App => app;

    public TestServerTransport CreateTransport(TestServerTransportOptions? options = null)
    {
        var transport = new TestServerTransport(app, options ?? transportOptions);
        lock (_transports)
        {
            _transports.Add(transport);
        }

        return transport;
    }

    public override Client CreateClient(ClientOptions? options = null)
    {
        options ??= new ClientOptions();
        return new Client(options with { Transport = CreateTransport(), BaseUrl = options.BaseUrl ?? new Uri("http://localhost/") });
    }

    public override async ValueTask DisposeAsync()
    {
        lock (_transports)
        {
            _transports.ForEach(t => t.Dispose());
        }

        await app.DisposeAsync();
    }
}

public sealed class KestrelHost : SampleHost
{
    private readonly LoopbackServer _server;

    internal KestrelHost(LoopbackServer server, AppProbe probe)
        : base(probe) => _server = server;

    public override Client CreateClient(ClientOptions? options = null)
    {
        options ??= new ClientOptions();
        return new Client(options with { BaseUrl = options.BaseUrl ?? _server.Url });
    }

    public override ValueTask DisposeAsync() => _server.DisposeAsync();
}
