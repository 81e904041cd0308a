using System.Net.Sockets;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Transport;

public class FailureTests
{
    [Test]
    public async Task Refused_ThrowsConnectException()
    {
        using var client = new Client();

        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync($"http://127.0.0.1:{RetryTests.FreePort()}/"));

        ex.Request.ShouldNotBeNull();
        ex.Message.ShouldContain("refused", Case.Insensitive);
    }

    [Test]
    public async Task UnresolvableHost_ThrowsConnectException_WithoutADnsQuery()
    {
        using var client = new Client(new ClientOptions { TrustEnv = false });

        // .invalid never resolves (RFC 6761): the transport fails it in its connect step, so nothing leaves the machine.
        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync("http://no-such-host.invalid/"));

        ex.Message.ShouldContain("resolve");
        ex.Message.ShouldContain("no-such-host.invalid");
    }

    [Test]
    public async Task ResetMidBody_ThrowsReadException()
    {
        await using var server = RawServer.Start(async (socket, _, ct) =>
        {
            await RawServer.ReadHeadAsync(socket, ct);
            await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + new string('a', 1000), ct);
            await Task.Delay(100, ct);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close(); // RST
        });
        using var client = new Client();

        await Should.ThrowAsync<ReadException>(() => client.GetAsync(server.Url.ToString()));
    }

    [Test]
    public async Task BodyShorterThanContentLength_ThrowsRemoteProtocolException()
    {
        await using var server = RawServer.Start(async (socket, _, ct) =>
        {
            await RawServer.ReadHeadAsync(socket, ct);
            await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nshort", ct);
            socket.Shutdown(SocketShutdown.Send); // FIN
        });
        using var client = new Client();

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync(server.Url.ToString()));
    }

    [TestCase("HTTP/1.1 abc Nonsense\r\n\r\n")]
    [TestCase("GARBAGE\r\n\r\n")]
    public async Task MalformedStatusLine_ThrowsRemoteProtocolException(string reply)
    {
        await using var server = RawServer.Start(async (socket, _, ct) =>
        {
            await RawServer.ReadHeadAsync(socket, ct);
            await RawServer.SendAsync(socket, reply, ct);
            socket.Shutdown(SocketShutdown.Send);
        });
        using var client = new Client();

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync(server.Url.ToString()));
    }

    [Test]
    public async Task PlainHttpClient_OverHttpTransport_GetsTypedTransportErrors()
    {
        await using var silent = RawServer.Start(async (socket, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"));
        using var http = new HttpClient(new HttpTransport(new ClientOptions { Timeouts = new Timeouts(connect: TimeSpan.FromMilliseconds(500)) }));

        (await http.GetStringAsync(server.Url)).ShouldBe("ok");
        await Should.ThrowAsync<ConnectTimeoutException>(() => http.GetAsync($"https://127.0.0.1:{silent.Port}/"));
    }
}
