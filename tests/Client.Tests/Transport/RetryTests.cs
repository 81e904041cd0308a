using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.ClientTests.Transport;

public class RetryTests
{
    /// <summary>Serves one keep-alive GET, then reads a whole POST and closes without answering (a reused connection dying).</summary>
    private static RawServer DyingAfterFirstResponse(List<string> seen) => RawServer.Start(async (socket, index, ct) =>
    {
        while (true)
        {
            var head = await RawServer.ReadHeadAsync(socket, ct);
            if (head.Length == 0)
            {
                return;
            }

            lock (seen)
            {
                seen.Add($"{index}:{head.Split(' ')[0]}");
            }

            var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } cl ? int.Parse(cl.Split(':')[1].Trim()) : 0;
            await RawServer.ReadBodyAsync(socket, length, ct);
            if (head.StartsWith("GET", StringComparison.Ordinal))
            {
                await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ct);
                continue;
            }

            if (index == 1)
            {
                socket.Close();
                return;
            }

            await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nretried", ct);
        }
    });

    [Test]
    public async Task PlainSocketsHttpHandler_ResendsBodylessPostOnDeadReusedConnection()
    {
        var seen = new List<string>();
        await using var server = DyingAfterFirstResponse(seen);
        using var plain = new HttpClient(new SocketsHttpHandler());

        (await plain.GetStringAsync(server.Url)).ShouldBe("ok");
        var response = await plain.PostAsync(server.Url, null);

        // This is what Courier guards against: .NET sent the POST twice, on two connections.
        (await response.Content.ReadAsStringAsync()).ShouldBe("retried");
        seen.ShouldBe(["1:GET", "1:POST", "2:POST"]);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Post_OnDeadReusedConnection_IsNotResent(bool withBody)
    {
        var seen = new List<string>();
        await using var server = DyingAfterFirstResponse(seen);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        (await client.GetAsync("/")).Text.ShouldBe("ok");
        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.PostAsync("/", withBody ? Body.Text("pay 100") : null));

        ex.Message.ShouldContain("POST");
        seen.ShouldBe(["1:GET", "1:POST"]);
    }

    [Test]
    public async Task Retries_ReconnectWithBackoff_UntilTheServerListens()
    {
        var port = FreePort();
        using var client = new Client(new ClientOptions { Retries = 3, Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) });
        var started = TimeProvider.System.GetTimestamp();
        var request = client.GetAsync($"http://127.0.0.1:{port}/");

        // Refused at 0 s and at the immediate retry; the server is up before the 0.5 s retry (the 1 s one at the latest).
        await Task.Delay(200);
        await using var server = await StartOnPortAsync(port);
        var response = await request;

        response.Text.ShouldBe("up");
        TimeProvider.System.GetElapsedTime(started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400));
    }

    [Test]
    public async Task Retries_Zero_FailsAtOnceWithConnectException()
    {
        using var client = new Client(new ClientOptions());
        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync($"http://127.0.0.1:{FreePort()}/"));
        ex.Message.ShouldContain("Could not connect");
    }

    [Test]
    public async Task Retries_GiveUpAfterN_WithConnectException()
    {
        using var client = new Client(new ClientOptions { Retries = 2 });
        var started = TimeProvider.System.GetTimestamp();

        await Should.ThrowAsync<ConnectException>(() => client.GetAsync($"http://127.0.0.1:{FreePort()}/"));

        // Two retries: 0 s then 0.5 s of backoff.
        TimeProvider.System.GetElapsedTime(started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(450));
    }

    internal static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<WebApplication> StartOnPortAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/", () => "up");
        await app.StartAsync();
        return app;
    }
}
