using System.Net;
using System.Net.Sockets;
using Courier.ClientTests.Transport;
using Courier.TestUtils;
using Courier.TestUtils.Faults;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Reliability;

/// <summary>
/// RELIABILITY.md client row 15: a safe bodyless request (GET, HEAD, OPTIONS, TRACE) whose connection is reset before
/// any byte of its response arrived is retried once, on another connection; a second failure reaches the caller; a
/// POST is never re-sent; a request whose response had started is never re-sent.
/// </summary>
public class SafeRetryTests
{
    /// <summary>
    /// Connection 1 answers its first request; every later request (on connection 1, or any other connection from
    /// <paramref name="failFromConnection"/> on) is read whole and then answered with a TCP reset, after
    /// <paramref name="partialHead"/> when given.
    /// </summary>
    private static RawServer ResettingServer(List<string> seen, int failFromConnection, string? partialHead = null) => RawServer.Start(async (socket, index, ct) =>
    {
        for (var onThisConnection = 0; ; onThisConnection++)
        {
            var head = await ReadAndRecordAsync(socket, index, seen, ct);
            if (head.Length == 0)
            {
                return;
            }

            var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } cl ? int.Parse(cl.Split(':')[1].Trim()) : 0;
            await RawServer.ReadBodyAsync(socket, length, ct);
            var fail = index == 1 ? onThisConnection > 0 : index >= failFromConnection;
            if (!fail)
            {
                await RawServer.SendAsync(socket, $"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{index}{index}", ct);
                continue;
            }

            if (partialHead is not null)
            {
                await RawServer.SendAsync(socket, partialHead, ct);
                await Task.Delay(300, ct);
            }

            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return;
        }
    });

    /// <summary>Reads a request head and records "connection:METHOD path" in <paramref name="seen"/> (empty: the client closed).</summary>
    private static async Task<string> ReadAndRecordAsync(Socket socket, int index, List<string> seen, CancellationToken ct)
    {
        var head = await RawServer.ReadHeadAsync(socket, ct);
        if (head.Length > 0)
        {
            var line = head.Split("\r\n")[0];
            lock (seen)
            {
                seen.Add($"{index}:{line[..line.LastIndexOf(' ')]}");
            }
        }

        return head;
    }

    private static Client NewClient(RawServer server) => new(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) });

    [TestCase("GET")]
    [TestCase("HEAD")]
    [TestCase("OPTIONS")]
    public async Task SafeRequest_WhoseReusedConnectionIsReset_IsRetriedOnceOnANewConnection(string method)
    {
        var seen = new List<string>();
        await using var server = ResettingServer(seen, failFromConnection: 3);
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        var response = await client.RequestAsync(method, "/again");

        response.StatusCode.ShouldBe(200);
        if (method != "HEAD")
        {
            response.Text.ShouldBe("22");
        }

        // The server saw the request twice: on the reset connection, then on a new one.
        seen.ShouldBe(["1:GET /first", $"1:{method} /again", $"2:{method} /again"]);
        server.ConnectionsAccepted.ShouldBe(2);
    }

    [Test]
    public async Task Get_WhoseRetryIsResetToo_SurfacesTheSecondFailure_RetriedAtMostOnce()
    {
        var seen = new List<string>();
        await using var server = ResettingServer(seen, failFromConnection: 2);
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        var ex = await Should.ThrowAsync<NetworkException>(() => client.GetAsync("/again"));

        ex.Request.ShouldNotBeNull().Url.AbsolutePath.ShouldBe("/again");
        seen.ShouldBe(["1:GET /first", "1:GET /again", "2:GET /again"]);
        server.ConnectionsAccepted.ShouldBe(2);
    }

    [Test]
    public async Task Get_ResetAfterItsResponseStarted_IsNotRetried()
    {
        var seen = new List<string>();
        await using var server = ResettingServer(seen, failFromConnection: 3, partialHead: "HTTP/1.1 200 OK\r\nContent-Le");
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        await Should.ThrowAsync<NetworkException>(() => client.GetAsync("/again"));

        seen.ShouldBe(["1:GET /first", "1:GET /again"]);
    }

    [Test]
    public async Task Get_WhosePooledConnectionWasClosed_AndWhoseNewConnectionResetsMidHead_IsNotRetried()
    {
        // Connection 1 answers, then the server closes it while idle; the next GET finds it closed and goes out on
        // connection 2, which sends part of a head and resets. Its response had started: it must not be re-sent.
        var seen = new List<string>();
        await using var server = RawServer.Start(async (socket, index, ct) =>
        {
            if ((await ReadAndRecordAsync(socket, index, seen, ct)).Length == 0)
            {
                return;
            }

            if (index == 1)
            {
                await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n11", ct);
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
                return;
            }

            await RawServer.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Le", ct);
            await Task.Delay(300, ct);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        await Task.Delay(300); // the close reaches the client's pooled connection
        await Should.ThrowAsync<NetworkException>(() => client.GetAsync("/again"));

        seen.ShouldBe(["1:GET /first", "2:GET /again"]);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Post_WhoseReusedConnectionIsReset_IsNeverResent(bool withBody)
    {
        var seen = new List<string>();
        await using var server = ResettingServer(seen, failFromConnection: 3);
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        await Should.ThrowAsync<RequestException>(() => client.PostAsync("/pay", withBody ? Body.Text("pay 100") : null));

        seen.ShouldBe(["1:GET /first", "1:POST /pay"]);
        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task Get_WithABody_WhoseReusedConnectionIsReset_IsNotRetried()
    {
        var seen = new List<string>();
        await using var server = ResettingServer(seen, failFromConnection: 3);
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("11");
        await Should.ThrowAsync<NetworkException>(() => client.RequestAsync("GET", "/search", Body.Text("q")));

        seen.ShouldBe(["1:GET /first", "1:GET /search"]);
    }

    [Test]
    public async Task Get_ThroughTheFaultProxy_ResetAfterTheServerGotIt_IsRetried_AndTheServerSawItTwice()
    {
        var gets = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/small", () =>
        {
            Interlocked.Increment(ref gets);
            return "hello";
        }));
        await using var proxy = FaultProxy.Start(server.Url, new Fault { ResetOnSecondRequest = true });
        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) });

        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        (await client.GetAsync("/small")).Text.ShouldBe("hello");

        Volatile.Read(ref gets).ShouldBe(3);
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
    }
}
