using System.Diagnostics;
using System.Net;
using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.WireMock;

/// <summary>Each supported WireMock request field and body pattern, loaded as JSON and checked over HTTP.</summary>
public sealed class MappingPatternTests
{
    private static async Task<(MockServer Server, HttpClient Http)> StartAsync(string json)
    {
        var server = await MockServer.StartAsync();
        server.AddMappings(json);
        return (server, new HttpClient { BaseAddress = server.Url });
    }

    private static async Task<int> StatusAsync(HttpClient http, HttpMethod method, string url, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    [Test]
    public async Task Methods_AnyAndSpecific()
    {
        var (server, http) = await StartAsync("""{"mappings": [{"request": {"method": "ANY", "urlPath": "/any"}, "response": {"status": 200}}, {"request": {"method": "PUT", "urlPath": "/put"}, "response": {"status": 204}}]}""");
        await using var _ = server;
        using var __ = http;

        (await StatusAsync(http, HttpMethod.Delete, "/any")).ShouldBe(200);
        (await StatusAsync(http, HttpMethod.Put, "/put", "{}")).ShouldBe(204);
        (await StatusAsync(http, HttpMethod.Get, "/put")).ShouldBe(404);
    }

    [Test]
    public async Task UrlKinds_UrlIncludesQuery_PathPattern_PathTemplate()
    {
        var (server, http) = await StartAsync("""
            {"mappings": [
              {"request": {"url": "/exact?a=1"}, "response": {"status": 201}},
              {"request": {"urlPathPattern": "/files/[0-9]+"}, "response": {"status": 202}},
              {"request": {"urlPathTemplate": "/users/{id}/posts/{post}"}, "response": {"status": 203}},
              {"request": {"urlPattern": "/search\\?q=.*"}, "response": {"status": 206}}
            ]}
            """);
        await using var _ = server;
        using var __ = http;

        (await StatusAsync(http, HttpMethod.Get, "/exact?a=1")).ShouldBe(201);
        (await StatusAsync(http, HttpMethod.Get, "/exact")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/files/42?x=y")).ShouldBe(202);
        (await StatusAsync(http, HttpMethod.Get, "/files/abc")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/users/7/posts/9")).ShouldBe(203);
        (await StatusAsync(http, HttpMethod.Get, "/search?q=cats")).ShouldBe(206);
    }

    [Test]
    public async Task QueryHeadersCookiesAndBasicAuth()
    {
        var (server, http) = await StartAsync("""
            {"request": {"urlPath": "/q",
              "queryParameters": {"page": {"equalTo": "2"}, "sort": {"matches": "(asc|desc)"}, "debug": {"absent": true}},
              "headers": {"X-Tenant": {"equalTo": "ACME", "caseInsensitive": true}, "X-Other": {"doesNotContain": "bad"}},
              "cookies": {"session": {"contains": "abc"}},
              "basicAuthCredentials": {"username": "ada", "password": "s3cret"}},
             "response": {"status": 200}}
            """);
        await using var _ = server;
        using var __ = http;
        var auth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret"));
        (string, string)[] good = [("X-Tenant", "acme"), ("X-Other", "fine"), ("Cookie", "session=xabcx"), ("Authorization", auth)];

        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=asc", headers: good)).ShouldBe(200);
        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=asc&debug=1", headers: good)).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=up", headers: good)).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=asc", headers: [.. good.Where(h => h.Item1 != "Authorization"), ("Authorization", "Basic eDp5")])).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=asc", headers: [.. good.Where(h => h.Item1 != "X-Other"), ("X-Other", "so bad")])).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Get, "/q?page=2&sort=asc", headers: [.. good.Where(h => h.Item1 != "Cookie"), ("Cookie", "session=zzz")])).ShouldBe(404);
    }

    [Test]
    public async Task BodyPatterns_JsonEqualityWithOptions_JsonPath_AndOr_Absent()
    {
        var (server, http) = await StartAsync("""
            {"mappings": [
              {"request": {"urlPath": "/json", "bodyPatterns": [{"equalToJson": {"tags": ["a", "b"], "id": 1}, "ignoreArrayOrder": true, "ignoreExtraElements": true}]}, "response": {"status": 201}},
              {"request": {"urlPath": "/jsontext", "bodyPatterns": [{"equalToJson": "{\"x\": 1}"}]}, "response": {"status": 201}},
              {"request": {"urlPath": "/path", "bodyPatterns": [{"matchesJsonPath": "$.items[?(@.qty > 1)]"}, {"matchesJsonPath": {"expression": "$.name", "equalTo": "pen"}}]}, "response": {"status": 202}},
              {"request": {"urlPath": "/or", "bodyPatterns": [{"or": [{"contains": "alpha"}, {"matches": "^beta.*"}]}]}, "response": {"status": 203}},
              {"request": {"urlPath": "/and", "bodyPatterns": [{"and": [{"contains": "one"}, {"doesNotMatch": ".*two.*"}]}]}, "response": {"status": 205}},
              {"request": {"urlPath": "/empty", "bodyPatterns": [{"absent": true}]}, "response": {"status": 206}},
              {"request": {"urlPath": "/ci", "bodyPatterns": [{"equalTo": "HELLO", "caseInsensitive": true}]}, "response": {"status": 207}}
            ]}
            """);
        await using var _ = server;
        using var __ = http;

        (await StatusAsync(http, HttpMethod.Post, "/json", """{"id": 1, "tags": ["b", "a"], "extra": true}""")).ShouldBe(201);
        (await StatusAsync(http, HttpMethod.Post, "/json", """{"id": 2, "tags": ["b", "a"]}""")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Post, "/jsontext", """{ "x" : 1 }""")).ShouldBe(201);
        (await StatusAsync(http, HttpMethod.Post, "/path", """{"name": "pen", "items": [{"qty": 3}]}""")).ShouldBe(202);
        (await StatusAsync(http, HttpMethod.Post, "/path", """{"name": "ink", "items": [{"qty": 3}]}""")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Post, "/or", "beta!", "text/plain")).ShouldBe(203);
        (await StatusAsync(http, HttpMethod.Post, "/or", "gamma", "text/plain")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Post, "/and", "one three", "text/plain")).ShouldBe(205);
        (await StatusAsync(http, HttpMethod.Post, "/and", "one two", "text/plain")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Post, "/empty")).ShouldBe(206);
        (await StatusAsync(http, HttpMethod.Post, "/empty", "x", "text/plain")).ShouldBe(404);
        (await StatusAsync(http, HttpMethod.Post, "/ci", "hello", "text/plain")).ShouldBe(207);
    }

    [Test]
    public async Task Priority_LowerNumberWins()
    {
        var (server, http) = await StartAsync("""
            {"mappings": [
              {"request": {"urlPathPattern": "/p/.*"}, "response": {"status": 500}, "priority": 9},
              {"request": {"urlPath": "/p/1"}, "response": {"status": 200}, "priority": 1}
            ]}
            """);
        await using var _ = server;
        using var __ = http;

        (await StatusAsync(http, HttpMethod.Get, "/p/1")).ShouldBe(200);
        (await StatusAsync(http, HttpMethod.Get, "/p/2")).ShouldBe(500);
    }

    [Test]
    public async Task Responses_StatusMessageHeadersBase64AndMultiValuedHeaders()
    {
        var (server, http) = await StartAsync("""
            {"mappings": [
              {"request": {"urlPath": "/b64"}, "response": {"status": 200, "statusMessage": "Fine", "base64Body": "AAEC/w==", "headers": {"Content-Type": "application/octet-stream", "X-Multi": ["a", "b"]}}}
            ]}
            """);
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/b64");

        response.ReasonPhrase.ShouldBe("Fine");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(new byte[] { 0, 1, 2, 255 });
        response.Headers.GetValues("X-Multi").ShouldBe(["a", "b"]);
    }

    [Test]
    public async Task Delays_UniformDistributionAndChunkedDribble()
    {
        var (server, http) = await StartAsync("""
            {"mappings": [
              {"request": {"urlPath": "/uniform"}, "response": {"body": "u", "delayDistribution": {"type": "uniform", "lower": 300, "upper": 400}}},
              {"request": {"urlPath": "/lognormal"}, "response": {"body": "l", "delayDistribution": {"type": "lognormal", "median": 50, "sigma": 0.1, "maxValue": 200}}},
              {"request": {"urlPath": "/dribble"}, "response": {"body": "abcdefgh", "chunkedDribbleDelay": {"numberOfChunks": 4, "totalDuration": 600}}}
            ]}
            """);
        await using var _ = server;
        using var __ = http;

        var clock = Stopwatch.StartNew();
        (await http.GetStringAsync("/uniform")).ShouldBe("u");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(290));
        (await http.GetStringAsync("/lognormal")).ShouldBe("l");
        clock.Restart();
        using var dribble = await http.GetAsync("/dribble", HttpCompletionOption.ResponseHeadersRead);
        dribble.Headers.TransferEncodingChunked.ShouldBe(true);
        (await dribble.Content.ReadAsStringAsync()).ShouldBe("abcdefgh");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400));
    }

    [Test]
    public async Task ProxyBaseUrl_ForwardsToALoopbackServer()
    {
        await using var upstream = await MockServer.StartAsync();
        upstream.Get("/api/things").WithHeader("X-Added", "yes").Respond(MockResponse.Text("from upstream", 200).WithHeader("X-Up", "1"));
        var json = """
            {"request": {"method": "ANY", "urlPathPattern": "/things"}, "response": {"proxyBaseUrl": "BASEapi", "additionalProxyRequestHeaders": {"X-Added": "yes"}}}
            """.Replace("BASE", upstream.Url.ToString(), StringComparison.Ordinal);
        var (server, http) = await StartAsync(json);
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/things");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("from upstream");
        response.Headers.GetValues("X-Up").ShouldBe(["1"]);
        upstream.Stubs[0].CallCount.ShouldBe(1);
    }

    [Test]
    public async Task ServerSentEvents_DefinedInAMapping_ArriveEventByEvent()
    {
        await using var server = await MockServer.StartAsync();
        server.AddMappings("""
            {"request": {"urlPath": "/events"},
             "response": {"status": 200, "headers": {"Content-Type": "text/event-stream"},
                          "body": "event: tick\ndata: one\n\nid: 2\ndata: two\ndata: lines\n\n",
                          "chunkedDribbleDelay": {"numberOfChunks": 4, "totalDuration": 400}}}
            """);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, TrustEnv = false });

        await using var response = await client.StreamAsync("GET", "/events");
        var events = new List<ServerSentEvent>();
        await foreach (var e in response.ReadEventsAsync())
        {
            events.Add(e);
        }

        response.Headers["Content-Type"].ShouldBe("text/event-stream");
        events.Select(e => (e.Event, e.Data, e.Id)).ShouldBe([("tick", "one", null), ("message", "two\nlines", "2")]);
    }
}
