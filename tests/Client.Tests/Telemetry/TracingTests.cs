using System.Diagnostics;
using System.Net.Sockets;
using Courier.ClientTests.Support;
using Courier.Diagnostics;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Telemetry;

[NonParallelizable]
public class TracingTests
{
    private static Client RedirectingClient(ClientOptions? options = null) => Echo.MockClient(
        r => r.Url.AbsolutePath switch
        {
            "/start" => new Response(302, headers: new() { { "Location", "/final?token=t0ps3cret" } }),
            _ => new Response(200, Body.Text("done")),
        },
        (options ?? new ClientOptions()) with { FollowRedirects = true });

    [Test]
    public async Task Redirect_OneLogicalSpan_WithAClientSpanPerHop()
    {
        using var spans = new SpanCollector();
        using var client = RedirectingClient();

        var response = await client.GetAsync("https://api.test/start?page=2");

        response.StatusCode.ShouldBe(200);
        var all = spans.Spans();
        all.Count.ShouldBe(3);
        var logical = all.Single(a => a.Kind == ActivityKind.Internal);
        logical.ParentSpanId.ShouldBe(spans.Root.SpanId);
        logical.DisplayName.ShouldBe("GET");
        logical.GetTagItem("http.request.method").ShouldBe("GET");
        logical.GetTagItem("url.full").ShouldBe("https://api.test/start?page=2");
        logical.GetTagItem("server.address").ShouldBe("api.test");
        logical.GetTagItem("server.port").ShouldBe(443);
        logical.GetTagItem("url.scheme").ShouldBe("https");
        logical.GetTagItem("http.response.status_code").ShouldBe(200);
        logical.GetTagItem("courier.hop.count").ShouldBe(2);
        logical.Status.ShouldBe(ActivityStatusCode.Unset);

        var hops = all.Where(a => a.Kind == ActivityKind.Client).OrderBy(a => a.StartTimeUtc).ToList();
        hops.ShouldAllBe(h => h.ParentSpanId == logical.SpanId);
        hops[0].GetTagItem("courier.hop.kind").ShouldBe("initial");
        hops[0].GetTagItem("http.response.status_code").ShouldBe(302);
        hops[0].GetTagItem("http.request.resend_count").ShouldBeNull();
        hops[1].GetTagItem("courier.hop.kind").ShouldBe("redirect");
        hops[1].GetTagItem("http.request.resend_count").ShouldBe(1);
        hops[1].GetTagItem("http.response.status_code").ShouldBe(200);
        hops[1].GetTagItem("url.full").ShouldBe("https://api.test/final?token=REDACTED");
        hops[1].GetTagItem("network.protocol.version").ShouldBe("1.1");
    }

    [Test]
    public async Task AuthFlow_TheRetryAfter401_IsAnAuthHop()
    {
        using var spans = new SpanCollector();
        using var client = Echo.MockClient(
            r => r.Headers.Contains("Authorization")
                ? new Response(200, Body.Text("welcome"))
                : new Response(401, headers: new() { { "WWW-Authenticate", "Digest realm=\"t\", nonce=\"abc\", qop=\"auth\"" } }),
            new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        var response = await client.GetAsync("https://auth.test/private");

        response.StatusCode.ShouldBe(200);
        var all = spans.Spans();
        var logical = all.Single(a => a.Kind == ActivityKind.Internal);
        var hops = all.Where(a => a.Kind == ActivityKind.Client).OrderBy(a => a.StartTimeUtc).ToList();
        hops.Count.ShouldBe(2);
        hops.ShouldAllBe(h => h.ParentSpanId == logical.SpanId);
        hops[0].GetTagItem("http.response.status_code").ShouldBe(401);
        hops[0].GetTagItem("error.type").ShouldBe("401");
        hops[0].Status.ShouldBe(ActivityStatusCode.Error);
        hops[1].GetTagItem("courier.hop.kind").ShouldBe("auth");
        hops[1].GetTagItem("http.request.resend_count").ShouldBe(1);
        logical.GetTagItem("http.response.status_code").ShouldBe(200);
        logical.Status.ShouldBe(ActivityStatusCode.Unset);
    }

    [Test]
    public async Task Stream_SpansEndWhenTheHeadArrives()
    {
        using var spans = new SpanCollector();
        using var client = Echo.MockClient(_ => new Response(200, Body.Text("streamed body")));

        await using var response = await client.StreamAsync("GET", "https://stream.test/");

        spans.Spans().Count.ShouldBe(2);
        response.IsRead.ShouldBeFalse();
        (await response.ReadTextAsync()).ShouldBe("streamed body");
    }

    [Test]
    public async Task UrlFull_HidesUserinfoAndSecretQueryValues()
    {
        using var spans = new SpanCollector();
        using var client = Echo.MockClient(_ => new Response(200));

        await client.GetAsync("https://bob:hunter2@keys.test/v1/items?api_key=abc123&page=2&client_secret=s3");

        var logical = spans.Spans().Single(a => a.Kind == ActivityKind.Internal);
        var url = (string)logical.GetTagItem("url.full")!;
        url.ShouldBe("https://REDACTED:REDACTED@keys.test/v1/items?api_key=REDACTED&page=2&client_secret=REDACTED");
        url.ShouldNotContain("hunter2");
        url.ShouldNotContain("abc123");
    }

    [Test]
    public async Task ConnectionRefused_ErrorTypeIsCouriersExceptionName()
    {
        using var spans = new SpanCollector();
        var port = ClosedPort();
        using var client = new Client(new ClientOptions { TrustEnv = false });

        await Should.ThrowAsync<ConnectException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));

        var all = spans.Spans();
        var logical = all.Single(a => a.Kind == ActivityKind.Internal);
        logical.GetTagItem("error.type").ShouldBe("ConnectException");
        logical.Status.ShouldBe(ActivityStatusCode.Error);
        logical.GetTagItem("http.response.status_code").ShouldBeNull();
        var hop = all.Single(a => a.Kind == ActivityKind.Client);
        hop.GetTagItem("error.type").ShouldBe("ConnectException");
        hop.GetTagItem("server.port").ShouldBe(port);
    }

    [Test]
    public async Task OverTheNetwork_SystemNetHttpSpanNestsUnderTheHop_AndTraceparentNamesIt()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext ctx) => ctx.Request.Headers["traceparent"].ToString()));
        using var spans = new SpanCollector("Courier", "System.Net.Http");
        using var client = new Client(new ClientOptions { TrustEnv = false });

        var response = await client.GetAsync(server.At("/"));

        var hop = spans.Spans().Single(a => a.Kind == ActivityKind.Client);
        var inner = spans.Spans("System.Net.Http").Single(a => a.OperationName == "System.Net.Http.HttpRequestOut");
        inner.ParentSpanId.ShouldBe(hop.SpanId);
        response.Text.ShouldBe($"00-{spans.Root.TraceId}-{inner.SpanId}-01");
    }

    [Test]
    public async Task OnlyCourierListened_TraceparentCarriesTheTrace_ThroughSocketsHttpHandlersOwnActivity()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext ctx) => ctx.Request.Headers["traceparent"].ToString()));
        using var spans = new SpanCollector();
        using var client = new Client(new ClientOptions { TrustEnv = false });

        var response = await client.GetAsync(server.At("/"));

        // SocketsHttpHandler starts its own (here unrecorded) child activity whenever Activity.Current is set, and
        // the traceparent names that one: the trace is Courier's, the parent id is System.Net.Http's span.
        var hop = spans.Spans().Single(a => a.Kind == ActivityKind.Client);
        var parts = response.Text.Split('-');
        parts[1].ShouldBe(spans.Root.TraceId.ToString());
        parts[2].ShouldNotBe(hop.SpanId.ToString());
        spans.Spans("System.Net.Http").ShouldBeEmpty();
    }

    [Test]
    public async Task NoListenerNoObserver_NothingIsCreatedOnTheRequestPath()
    {
        Activity? activityInHook = null;
        object? scopeInHook = null;
        using var client = Echo.MockClient(_ => new Response(200), new ClientOptions
        {
            EventHooks = EventHooks.OnRequest(_ =>
            {
                activityInHook = Activity.Current;
                scopeInHook = RequestTelemetry.Current;
            }),
        });

        await client.GetAsync("https://quiet.test/");

        activityInHook.ShouldBeNull();
        scopeInHook.ShouldBeNull();
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
