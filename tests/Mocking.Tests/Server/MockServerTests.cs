using System.Diagnostics;
using System.Net;
using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.Server;

public sealed class MockServerTests
{
    [Test]
    public async Task StartAsync_BindsLoopbackOnAFreePort_AndServesStubsOverHttp11()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/users/{id}").Respond(c => MockResponse.Json(new { id = c.RouteValues["id"] }));
        server.Post("/items").WithJsonBody(new { name = "pen" }).Respond(201, Body.Text("created"), new Headers { { "X-Id", "9" } });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        server.Url.Host.ShouldBe("127.0.0.1");
        server.Port.ShouldBeGreaterThan(0);
        var user = await client.GetAsync("/users/42");
        user.StatusCode.ShouldBe(200);
        user.HttpVersion.ShouldBe("HTTP/1.1");
        user.Text.ShouldBe("""{"id":"42"}""");
        var created = await client.PostAsync("/items", Body.Json(new { name = "pen" }));
        created.StatusCode.ShouldBe(201);
        created.Headers["X-Id"].ShouldBe("9");
        created.Text.ShouldBe("created");
        server.Stubs[1].CallCount.ShouldBe(1);
    }

    [Test]
    public async Task Http2Cleartext_ServesH2c()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { Http2 = true });
        server.Get("/h2").Respond(MockResponse.Text("over h2c"));
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url, Http1 = false, Http2 = true });

        var response = await client.GetAsync("/h2");

        response.HttpVersion.ShouldBe("HTTP/2");
        response.Text.ShouldBe("over h2c");
    }

    [Test]
    public async Task Https_GeneratedCertificateTrustedThroughItsCa_NegotiatesH2WithAlpn()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { Https = true });
        server.Get("/tls").Respond(MockResponse.Text("secure"));
        server.CaCertificate.ShouldNotBeNull();
        await using var h2 = new Client(new ClientOptions { BaseUrl = server.Url, CaCertificates = [server.CaCertificate], Http2 = true });
        await using var h1 = new Client(new ClientOptions { BaseUrl = server.Url, CaCertificates = [server.CaCertificate] });
        await using var untrusting = new Client(new ClientOptions { BaseUrl = server.Url, TrustEnv = false });

        server.Url.Scheme.ShouldBe("https");
        var viaH2 = await h2.GetAsync("/tls");
        viaH2.HttpVersion.ShouldBe("HTTP/2");
        viaH2.Text.ShouldBe("secure");
        (await h1.GetAsync("/tls")).HttpVersion.ShouldBe("HTTP/1.1");
        await Should.ThrowAsync<ConnectException>(() => untrusting.GetAsync("/tls"));
    }

    [Test]
    public async Task ChunkedBody_ArrivesInPieces_WithThePausesBetween()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/chunks").Respond(MockResponse.Chunked(["one,", "two,", "three"], TimeSpan.FromMilliseconds(300)));
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync("/chunks", HttpCompletionOption.ResponseHeadersRead);
        response.Headers.TransferEncodingChunked.ShouldBe(true);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = await stream.ReadAsync(buffer);
        var clock = Stopwatch.StartNew();
        var rest = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            rest.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        first.ShouldBe(4);
        rest.ToString().ShouldBe("two,three");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(450));
    }

    [Test]
    public async Task ServerSentEvents_StreamAsEventStream()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/events").Respond(MockResponse.Events([new ServerSentEvent("message", "hello", null, null), new ServerSentEvent("end", "bye", "2", null)]));
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync("/events");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await response.Content.ReadAsStringAsync()).ShouldBe("data: hello\n\nevent: end\nid: 2\ndata: bye\n\n");
    }

    [Test]
    public async Task Delay_HoldsTheResponse()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/slow").Respond(MockResponse.Text("late").WithDelay(TimeSpan.FromMilliseconds(400)));
        using var http = new HttpClient { BaseAddress = server.Url };

        var clock = Stopwatch.StartNew();
        (await http.GetStringAsync("/slow")).ShouldBe("late");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(380));
    }

    [Test]
    public async Task HeadAndNoContent_SendNoBody()
    {
        await using var server = await MockServer.StartAsync();
        server.Head("/h").Respond(MockResponse.Text("12345"));
        server.Delete("/d").Respond(MockResponse.Text("ignored", 204));
        using var http = new HttpClient { BaseAddress = server.Url };

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/h"));
        head.Content.Headers.ContentLength.ShouldBe(5);
        using var deleted = await http.DeleteAsync("/d");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await deleted.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Test]
    public async Task ReasonPhrase_IsSent()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/teapot").Respond(MockResponse.Status(418).WithStatus(418, "Short and stout"));
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync("/teapot");

        response.ReasonPhrase.ShouldBe("Short and stout");
    }

    [Test]
    public async Task SlowClient_DoesNotStallOthers()
    {
        await using var server = await MockServer.StartAsync();
        server.Post("/upload").Respond(201);
        server.Get("/quick").Respond(MockResponse.Text("quick"));
        using var slow = new System.Net.Sockets.TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, server.Port);
        await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little"));
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => http.GetStringAsync("/quick")));

        answers.ShouldAllBe(a => a == "quick");
        server.Stubs[0].CallCount.ShouldBe(0);
    }

    [Test]
    public async Task FixedPort_IsUsed()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var server = await MockServer.StartAsync(new MockServerOptions { Port = port });

        server.Url.ShouldBe(new Uri($"http://127.0.0.1:{port}/"));
    }
}
