using System.Net;
using System.Net.Sockets;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Exceptions;

public class ExceptionTests
{
    [Test]
    public async Task RefusedConnection_ThrowsConnectException_WithTheRequest()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var client = new Client();
        var ex = await Should.ThrowAsync<ConnectException>(() => client.GetAsync($"http://127.0.0.1:{port}/nobody-home"));

        ex.Request.ShouldNotBeNull();
        ex.Request.Url.Port.ShouldBe(port);
        ex.ShouldBeAssignableTo<TransportException>();
        ex.InnerException.ShouldNotBeNull();
    }

    [Test]
    public async Task ExceptionMessages_HideUserInfoAndSecretQueryValues()
    {
        using var client = Echo.MockClient(_ => new Response(404));
        var response = await client.GetAsync("https://alice:hunter2@api.test/x?api_key=sk-live-123&page=2");

        var ex = Should.Throw<HttpStatusException>(() => response.EnsureSuccess());

        ex.Message.ShouldNotContain("hunter2");
        ex.Message.ShouldNotContain("sk-live-123");
        ex.Message.ShouldContain("page=2");
        ex.Message.ShouldContain("api_key=REDACTED");
    }

    [Test]
    public async Task CallerCancellation_WhileWaitingForTheHead_StaysOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/stall", async (HttpContext ctx) => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted)));
        using var client = new Client(new ClientOptions { Timeouts = Timeouts.Infinite });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync(server.At("/stall"), cancellationToken: cts.Token));

        ex.ShouldNotBeAssignableTo<CourierException>();
        cts.IsCancellationRequested.ShouldBeTrue();
    }

    [Test]
    public async Task CallerCancellation_WhileStreamingTheBody_StaysOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/drip", async (HttpContext ctx) =>
            {
                await ctx.Response.WriteAsync("first\n");
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            }));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        await using var response = await client.StreamAsync("GET", "/drip");
        using var cts = new CancellationTokenSource();

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in response.ReadLinesAsync(cts.Token))
            {
                line.ShouldBe("first");
                await cts.CancelAsync();
            }
        });
    }

    [Test]
    public async Task ReadTimeout_StillFires_ForAStalledHeadAndAStalledBody()
    {
        // The client skips arming its timer for reads that complete at once; a pending read must still be timed.
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/stall-head", async (HttpContext ctx) => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
            app.MapGet("/stall-body", async (HttpContext ctx) =>
            {
                await ctx.Response.WriteAsync("start");
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            });
        });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(read: TimeSpan.FromMilliseconds(500)) });

        (await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/stall-head"))).Request!.Url.AbsolutePath.ShouldBe("/stall-head");
        (await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/stall-body"))).Message.ShouldContain("stalled");
    }

    [Test]
    public void MockedTransportFailure_IsMapped_WithTheRequest()
    {
        using var client = Echo.MockClient(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var ex = Should.Throw<ConnectException>(() => client.Get("https://x.test/a"));
        ex.Request!.Url.ShouldBe(new Uri("https://x.test/a"));
    }

    [Test]
    public void ExceptionTree_MatchesTheDesign()
    {
        typeof(ConnectTimeoutException).IsSubclassOf(typeof(HttpTimeoutException)).ShouldBeTrue();
        typeof(HttpTimeoutException).IsSubclassOf(typeof(TransportException)).ShouldBeTrue();
        typeof(ReadException).IsSubclassOf(typeof(NetworkException)).ShouldBeTrue();
        typeof(LocalProtocolException).IsSubclassOf(typeof(ProtocolException)).ShouldBeTrue();
        typeof(RemoteProtocolException).IsSubclassOf(typeof(ProtocolException)).ShouldBeTrue();
        typeof(ProxyException).IsSubclassOf(typeof(TransportException)).ShouldBeTrue();
        typeof(UnsupportedProtocolException).IsSubclassOf(typeof(TransportException)).ShouldBeTrue();
        typeof(TransportException).IsSubclassOf(typeof(RequestException)).ShouldBeTrue();
        typeof(DecodingException).IsSubclassOf(typeof(RequestException)).ShouldBeTrue();
        typeof(TooManyRedirectsException).IsSubclassOf(typeof(RequestException)).ShouldBeTrue();
        typeof(RequestException).IsSubclassOf(typeof(CourierException)).ShouldBeTrue();
        typeof(HttpStatusException).IsSubclassOf(typeof(CourierException)).ShouldBeTrue();
        typeof(InvalidUrlException).IsSubclassOf(typeof(CourierException)).ShouldBeTrue();
        typeof(StreamConsumedException).IsSubclassOf(typeof(StreamException)).ShouldBeTrue();
        typeof(ResponseNotReadException).IsSubclassOf(typeof(StreamException)).ShouldBeTrue();
        typeof(StreamClosedException).IsSubclassOf(typeof(StreamException)).ShouldBeTrue();
    }
}
