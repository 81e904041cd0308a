using System.Diagnostics;
using System.Net;
using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>The rows of RELIABILITY.md "In-process transport (TestServer)" not already shown by the contract suite.</summary>
public sealed class TestServerTransportReliabilityTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private static async Task<WebApplication> StartAppAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    [Test]
    public async Task Row8_RawMessageWithCrLfHeader_IsRefused_AppNeverCalled()
    {
        var calls = 0;
        await using var app = await StartAppAsync(a => a.MapGet("/", () => Interlocked.Increment(ref calls)));
        using var transport = new TestServerTransport(app);
        using var http = new HttpClient(transport);
        var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");
        request.Headers.TryAddWithoutValidation("X-Bad", "a\r\nInjected: yes");

        var ex = await Should.ThrowAsync<LocalProtocolException>(() => http.SendAsync(request));

        ex.Message.ShouldContain("X-Bad");
        calls.ShouldBe(0);
    }

    [Test]
    public async Task Row11_SameMessageSentTwice_Throws()
    {
        await using var app = await StartAppAsync(a => a.MapGet("/", () => "ok"));
        using var transport = new TestServerTransport(app);
        using var invoker = new HttpMessageInvoker(transport);
        var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");

        (await invoker.SendAsync(request, default)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<InvalidOperationException>(() => invoker.SendAsync(request, default));
    }

    [Test]
    public async Task Row11_SameMessageSentConcurrently_OnlyOneGoesThrough()
    {
        var calls = 0;
        await using var app = await StartAppAsync(a => a.MapGet("/", () => Interlocked.Increment(ref calls)));
        using var transport = new TestServerTransport(app);
        using var invoker = new HttpMessageInvoker(transport);
        var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");

        var sends = Enumerable.Range(0, 8).Select(_ => Task.Run(() => invoker.SendAsync(request, default))).ToArray();
        var outcomes = await Task.WhenAll(sends.Select(async s => { try { await s; return "ok"; } catch (InvalidOperationException) { return "refused"; } }));

        outcomes.Count(o => o == "ok").ShouldBe(1);
        outcomes.Count(o => o == "refused").ShouldBe(7);
        calls.ShouldBe(1);
    }

    [Test]
    public async Task Row13_HostDisposedWithRequestsInFlight_TheyFailWithin1s_LaterSendsThrowObjectDisposed()
    {
        var app = await StartAppAsync(a =>
        {
            a.MapGet("/stall", async () => { await Task.Delay(TimeSpan.FromSeconds(20)); return "late"; });
            a.MapGet("/stream", async (HttpContext ctx) =>
            {
                await ctx.Response.WriteAsync("first");
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(20));
            });
        });
        using var transport = new TestServerTransport(app);
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/"), Timeouts = Timeouts.Infinite });
        var waitingForHead = client.GetAsync("/stall");
        await using var streaming = await client.StreamAsync("GET", "/stream");
        var readingBody = streaming.ReadBytesAsync().AsTask();

        var watch = Stopwatch.StartNew();
        await app.DisposeAsync();
        await Should.ThrowAsync<ObjectDisposedException>(() => waitingForHead.WaitAsync(Margin));
        await Should.ThrowAsync<ObjectDisposedException>(() => readingBody.WaitAsync(Margin));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(1), "within 1 s (plus 1 s for a loaded machine)");
        await Should.ThrowAsync<ObjectDisposedException>(() => client.GetAsync("/stall"));
    }

    [Test]
    public async Task Row13_TestServerDisposed_LaterSendsThrowObjectDisposed_EvenInServerLikeMode()
    {
        using var host = await new HostBuilder()
            .ConfigureWebHost(web => web.UseTestServer().Configure(a => a.Run(ctx => ctx.Response.WriteAsync("hi"))))
            .StartAsync();
        var server = host.GetTestServer();
        using var transport = new TestServerTransport(server, new TestServerTransportOptions { RaiseAppExceptions = false });
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });
        (await client.GetAsync("/")).Text.ShouldBe("hi");

        server.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(() => client.GetAsync("/"));
    }

    [Test]
    public async Task Row14_Trailers_RoundTrip()
    {
        await using var app = await StartAppAsync(a => a.MapGet("/", async (HttpContext ctx) =>
        {
            ctx.Response.DeclareTrailer("X-Checksum");
            await ctx.Response.WriteAsync("body");
            ctx.Response.AppendTrailer("X-Checksum", "abc123");
        }));
        using var transport = new TestServerTransport(app, new TestServerTransportOptions { HttpVersion = HttpVersion.Version20 });
        using var http = new HttpClient(transport);

        using var response = await http.GetAsync("http://localhost/");
        (await response.Content.ReadAsStringAsync()).ShouldBe("body");

        response.TrailingHeaders.GetValues("X-Checksum").ShouldBe(["abc123"]);
    }

    [Test]
    public async Task Row14_UnsupportedVersion_ThrowsNotSupported()
    {
        await using var app = await StartAppAsync(a => a.MapGet("/", () => "ok"));
        using var transport = new TestServerTransport(app);
        using var http = new HttpClient(transport);

        await Should.ThrowAsync<NotSupportedException>(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://localhost/") { Version = new Version(4, 0) }));
    }

    [Test]
    public async Task Row14_Http2Request_ReachesTheAppAsHttp2()
    {
        await using var app = await StartAppAsync(a => a.MapGet("/", (HttpContext ctx) => ctx.Request.Protocol));
        using var transport = new TestServerTransport(app);
        using var http = new HttpClient(transport) { DefaultRequestVersion = HttpVersion.Version20 };

        using var response = await http.GetAsync("http://localhost/");

        response.Version.ShouldBe(HttpVersion.Version20);
        (await response.Content.ReadAsStringAsync()).ShouldBe("HTTP/2");
    }

    [Test]
    public async Task Row5_EndlessStream_TransportDisposed_AppSeesAbort()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAppAsync(a => a.MapGet("/", async (HttpContext ctx) =>
        {
            ctx.RequestAborted.Register(() => aborted.TrySetResult());
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                await ctx.Response.WriteAsync("tick\n", CancellationToken.None);
                await Task.Delay(10, CancellationToken.None);
            }
        }));
        var transport = new TestServerTransport(app);
        var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });
        var response = await client.StreamAsync("GET", "/");
        await foreach (var line in response.ReadLinesAsync())
        {
            line.ShouldBe("tick");
            break;
        }

        transport.Dispose();

        await aborted.Task.WaitAsync(Margin);
        await Should.ThrowAsync<ObjectDisposedException>(() => client.GetAsync("/"));
        await response.DisposeAsync();
        await client.DisposeAsync();
    }
}
