using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.TestUtils;

/// <summary>
/// A Kestrel app bound to 127.0.0.1 port 0 for tests. The real address is read back from the server, never guessed.
/// Counts the TCP connections it accepted (<see cref="ConnectionsAccepted"/>) and has open (<see cref="OpenConnections"/>).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _accepted;
    private int _open;

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How many TCP connections the server accepted.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>How many TCP connections are open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an app with the given routes.</summary>
    /// <param name="configure">Maps the endpoints.</param>
    /// <param name="protocols">HTTP/1.1 by default; <see cref="HttpProtocols.Http2"/> alone gives h2c.</param>
    /// <param name="certificate">When given, the endpoint is HTTPS (ALPN offers the given protocols).</param>
    /// <param name="kestrel">Extra Kestrel settings (limits).</param>
    public static async Task<LoopbackServer> StartAsync(
        Action<WebApplication> configure,
        HttpProtocols protocols = HttpProtocols.Http1,
        X509Certificate2? certificate = null,
        Action<KestrelServerOptions>? kestrel = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        LoopbackServer? self = null;
        builder.WebHost.ConfigureKestrel(options =>
        {
            kestrel?.Invoke(options);
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref self!._accepted);
                    Interlocked.Increment(ref self._open);
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref self._open);
                    }
                });
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        self = new LoopbackServer(app);
        configure(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return self;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server.</summary>
    public string At(string path) => new Uri(Url, path).ToString();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
