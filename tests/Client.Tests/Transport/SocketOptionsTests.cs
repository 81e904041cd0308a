using System.Net;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Courier.ClientTests.Transport;

public class SocketOptionsTests
{
    [Test]
    public async Task Uds_ConnectsThroughAUnixDomainSocket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"courier-{Guid.NewGuid():N}.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(path));
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext ctx) => $"uds {ctx.Request.Host}");
        await app.StartAsync();
        try
        {
            using var client = new Client(new ClientOptions { Uds = path });

            (await client.GetAsync("http://courier.local/")).Text.ShouldBe("uds courier.local");
        }
        finally
        {
            await app.StopAsync();
            File.Delete(path);
        }
    }

    [Test]
    public async Task LocalAddress_BindsTheClientSide()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext ctx) => ctx.Connection.RemoteIpAddress!.ToString()));
        using var bound = new Client(new ClientOptions { LocalAddress = IPAddress.Parse("127.0.0.2") });
        using var unbound = new Client();

        (await bound.GetAsync(server.At("/"))).Text.ShouldBe("127.0.0.2");
        (await unbound.GetAsync(server.At("/"))).Text.ShouldBe("127.0.0.1");
    }

    [Test]
    public async Task Connections_HaveTcpNoDelay()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"));
        using var transport = new HttpTransport(new ClientOptions { LocalAddress = IPAddress.Loopback });

        using var socket = await transport.OpenSocketAsync(new DnsEndPoint("127.0.0.1", server.Url.Port), CancellationToken.None);

        socket.NoDelay.ShouldBeTrue();
        ((IPEndPoint)socket.LocalEndPoint!).Address.ShouldBe(IPAddress.Loopback);
    }
}
