using System.Net.Sockets;
using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.Server;

/// <summary>Faults seen at the socket level, as a client in any language sees them.</summary>
public sealed class WireFaultTests
{
    [Test]
    public async Task ConnectionResetByPeer_IsATcpReset()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/reset").Respond(WireFaults.Response(WireFault.ConnectionResetByPeer));

        var error = await Should.ThrowAsync<IOException>(() => RawGetAsync(server, "/reset"));

        error.InnerException.ShouldBeOfType<SocketException>().SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
    }

    [Test]
    public async Task MockFaultConnectionReset_IsATcpResetToo()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/reset").Fail(MockFault.ConnectionReset);

        var error = await Should.ThrowAsync<IOException>(() => RawGetAsync(server, "/reset"));

        error.InnerException.ShouldBeOfType<SocketException>().SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
    }

    [Test]
    public async Task EmptyResponse_ClosesWithoutAByte()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/empty").Respond(WireFaults.Response(WireFault.EmptyResponse));

        (await RawGetAsync(server, "/empty")).ShouldBeEmpty();
    }

    [Test]
    public async Task MalformedResponseChunk_Sends200ThenABrokenChunk()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/chunk").Respond(WireFaults.Response(WireFault.MalformedResponseChunk));
        using var http = new HttpClient { BaseAddress = server.Url };

        var raw = Encoding.ASCII.GetString(await RawGetAsync(server, "/chunk"));

        raw.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        raw.ShouldContain("Transfer-Encoding: chunked\r\n");
        raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].ShouldBe("lskdu018973t09sylgasjkfg1][]'./.sdlv");
        await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync("/chunk"));
    }

    [Test]
    public async Task RandomDataThenClose_IsNotHttp()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/random").Respond(WireFaults.Response(WireFault.RandomDataThenClose));

        var raw = await RawGetAsync(server, "/random");

        raw.Length.ShouldBe(64);
        Encoding.ASCII.GetString(raw).ShouldNotStartWith("HTTP/");
    }

    [Test]
    public async Task BodyBreakingMidway_SendsThePrefixThenResets()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/broken").Respond(MockResponse.Text(new string('a', 1000)).WithBodyBreakingAfter(100));
        using var http = new HttpClient { BaseAddress = server.Url };

        await Should.ThrowAsync<HttpRequestException>(() => http.GetStringAsync("/broken"));
    }

    [Test]
    public async Task Http2_FaultResetsTheStreamOnly()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { Http2 = true });
        server.Get("/reset").Respond(WireFaults.Response(WireFault.ConnectionResetByPeer));
        server.Get("/ok").Respond(MockResponse.Text("fine"));
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url, Http1 = false, Http2 = true });

        await Should.ThrowAsync<TransportException>(() => client.GetAsync("/reset"));
        (await client.GetAsync("/ok")).Text.ShouldBe("fine");
    }

    [Test]
    public void WireFault_ThroughAMockTransport_SaysItNeedsAServer()
    {
        var mock = new MockTransport();
        mock.Get("/x").Respond(WireFaults.Response(WireFault.EmptyResponse));
        using var http = new HttpClient(mock) { BaseAddress = new Uri("http://api.test") };

        Should.Throw<WireFaultException>(() => http.GetAsync("/x")).Message.ShouldContain("only a MockServer");
    }

    /// <summary>Sends a bare GET on a fresh connection and returns every byte until the server closes.</summary>
    private static async Task<byte[]> RawGetAsync(MockServer server, string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(received, timeout.Token);
        return received.ToArray();
    }
}
