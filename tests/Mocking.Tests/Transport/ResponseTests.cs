using System.Diagnostics;
using System.Net;
using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.Transport;

public sealed class ResponseTests : MockTransportTestBase
{
    [Test]
    public async Task Respond_StatusHeadersAndCourierBody()
    {
        var mock = new MockTransport();
        mock.Get("/user").Respond(200, Body.Json(new { id = 7, name = "Ada" }), new Headers { { "X-Trace", "t1" }, { "Set-Cookie", "a=1" }, { "Set-Cookie", "b=2" } });
        await using var client = ClientFor(mock);

        var response = await client.GetAsync("/user");

        response.StatusCode.ShouldBe(200);
        response.Headers["Content-Type"].ShouldBe("application/json");
        response.Headers["X-Trace"].ShouldBe("t1");
        response.Headers.GetValues("Set-Cookie").ShouldBe(["a=1", "b=2"]);
        response.Text.ShouldBe("""{"id":7,"name":"Ada"}""");
    }

    [Test]
    public async Task MockResponse_TextJsonBytesAndStream()
    {
        var mock = new MockTransport();
        mock.Get("/text").Respond(MockResponse.Text("héllo", 201));
        mock.Get("/json").Respond(MockResponse.Json(new[] { 1, 2 }).WithHeader("X-A", "b"));
        mock.Get("/bytes").Respond(MockResponse.Bytes(new byte[] { 0, 255 }, "image/png"));
        mock.Get("/stream").Respond(MockResponse.Stream(() => new MemoryStream(Encoding.UTF8.GetBytes("streamed")), "text/plain"));
        using var http = HttpClientFor(mock);

        var text = await http.GetAsync("/text");
        text.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await text.Content.ReadAsStringAsync()).ShouldBe("héllo");
        text.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; charset=utf-8");
        var json = await http.GetAsync("/json");
        (await json.Content.ReadAsStringAsync()).ShouldBe("[1,2]");
        json.Headers.GetValues("X-A").ShouldBe(["b"]);
        (await http.GetByteArrayAsync("/bytes")).ShouldBe(new byte[] { 0, 255 });
        (await http.GetStringAsync("/stream")).ShouldBe("streamed");
        (await http.GetStringAsync("/stream")).ShouldBe("streamed");
    }

    [Test]
    public async Task Respond_SyncAndAsyncFunctionsOfTheRequest()
    {
        var mock = new MockTransport();
        mock.Post("/echo").Respond(ctx => MockResponse.Text($"{ctx.CallNumber}:{ctx.Request.Text}"));
        mock.Get("/async/{name}").Respond(async (ctx, ct) =>
        {
            await Task.Yield();
            return MockResponse.Json(new { hello = ctx.RouteValues["name"] });
        });
        using var http = HttpClientFor(mock);

        (await (await http.PostAsync("/echo", new StringContent("a"))).Content.ReadAsStringAsync()).ShouldBe("1:a");
        (await (await http.PostAsync("/echo", new StringContent("b"))).Content.ReadAsStringAsync()).ShouldBe("2:b");
        (await http.GetStringAsync("/async/world")).ShouldBe("""{"hello":"world"}""");
    }

    [Test]
    public async Task RespondInSequence_ThenRepeatsTheLast()
    {
        var mock = new MockTransport();
        mock.Get("/flaky").RespondInSequence(MockResponse.Status(503), MockResponse.Failure(MockFault.ConnectionReset), MockResponse.Text("ok"));
        using var http = HttpClientFor(mock);

        (await http.GetAsync("/flaky")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync("/flaky"));
        (await http.GetStringAsync("/flaky")).ShouldBe("ok");
        (await http.GetStringAsync("/flaky")).ShouldBe("ok");
    }

    [Test]
    public async Task WithDelay_WaitsBeforeAnswering()
    {
        var mock = new MockTransport();
        mock.Get("/slow").Respond(MockResponse.Text("late").WithDelay(TimeSpan.FromMilliseconds(300)));
        using var http = HttpClientFor(mock);

        var watch = Stopwatch.StartNew();
        (await http.GetStringAsync("/slow")).ShouldBe("late");

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280));
    }

    [Test]
    public async Task WithDelay_HonoursCancellation()
    {
        var mock = new MockTransport();
        mock.Get("/slow").Respond(MockResponse.Status(200).WithDelay(TimeSpan.FromMinutes(5)));
        using var http = HttpClientFor(mock);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => http.GetAsync("/slow", cts.Token));
    }

    [Test]
    public async Task Chunked_StreamsChunksWithPauses()
    {
        var mock = new MockTransport();
        mock.Get("/chunks").Respond(MockResponse.Chunked(["one,", "two,", "three"], TimeSpan.FromMilliseconds(150)));
        await using var client = ClientFor(mock);

        await using var response = await client.StreamAsync("GET", "/chunks");
        var arrivals = new List<(string Text, TimeSpan At)>();
        var watch = Stopwatch.StartNew();
        await foreach (var chunk in response.IterRawAsync())
        {
            arrivals.Add((Encoding.UTF8.GetString(chunk.Span), watch.Elapsed));
        }

        string.Concat(arrivals.Select(a => a.Text)).ShouldBe("one,two,three");
        arrivals.Count.ShouldBe(3);
        (arrivals[2].At - arrivals[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280));
        response.Headers.Contains("Content-Length").ShouldBeFalse();
    }

    [Test]
    public async Task Events_ServerSentEventsReachTheClientParser()
    {
        var mock = new MockTransport();
        mock.Get("/events").Respond(MockResponse.Events(
            [new ServerSentEvent("message", "first", "1", null), new ServerSentEvent("update", "line1\nline2", "2", TimeSpan.FromSeconds(3))],
            TimeSpan.FromMilliseconds(10)));
        await using var client = ClientFor(mock);

        await using var response = await client.StreamAsync("GET", "/events");
        var events = new List<ServerSentEvent>();
        await foreach (var e in response.ReadEventsAsync())
        {
            events.Add(e);
        }

        response.Headers["Content-Type"].ShouldBe("text/event-stream");
        events.ShouldBe([new ServerSentEvent("message", "first", "1", null), new ServerSentEvent("update", "line1\nline2", "2", TimeSpan.FromSeconds(3))]);
    }
}
