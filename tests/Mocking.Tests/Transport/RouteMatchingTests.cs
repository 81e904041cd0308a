using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Courier.Mocking;
using Courier.Mocking.Matching;

namespace Courier.MockingTests.Transport;

/// <summary>Each condition of a route: the request that fits gets the route's answer, the one that does not is unmatched.</summary>
public sealed class RouteMatchingTests : MockTransportTestBase
{
    [Test]
    public async Task Method_OnlyThatMethodMatches()
    {
        var mock = new MockTransport();
        mock.Put("/items/1").Respond(204);
        using var http = HttpClientFor(mock);

        (await http.PutAsync("/items/1", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/items/1"));
    }

    [Test]
    public async Task AbsoluteUrl_MatchesSchemeHostAndPort()
    {
        var mock = new MockTransport();
        mock.Get("https://api.example.test:8443/v1").Respond(200);
        using var http = new HttpClient(mock);

        (await http.GetAsync("https://API.example.test:8443/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("http://api.example.test:8443/v1"));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("https://other.test:8443/v1"));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("https://api.example.test/v1"));
    }

    [Test]
    public async Task SchemeHostPort_AsSeparateConditions()
    {
        var mock = new MockTransport();
        mock.Route(r => r.Scheme("http").Host("10.0.0.1").Port(8080)).Respond(202);
        using var http = new HttpClient(mock);

        (await http.GetAsync("http://10.0.0.1:8080/anything")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("http://10.0.0.1:8081/anything"));
    }

    [Test]
    public async Task Path_ExactPrefixAndRegex()
    {
        var mock = new MockTransport();
        mock.Get("/exact").Respond(201);
        mock.Get("/files/*").Respond(202);
        mock.Route(r => r.PathRegex(@"/orders/\d+")).Respond(203);
        using var http = HttpClientFor(mock);

        (await http.GetAsync("/exact")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await http.GetAsync("/files/a/b.txt")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await http.GetAsync("/orders/123")).StatusCode.ShouldBe(HttpStatusCode.NonAuthoritativeInformation);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/exact/more"));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/orders/12x"));
    }

    [Test]
    public async Task PathTemplate_CapturedValuesReachTheResponse()
    {
        var mock = new MockTransport();
        mock.Get("/users/{id}/posts/{post}").Respond(ctx => MockResponse.Text($"{ctx.RouteValues["id"]}:{ctx.RouteValues["post"]}"));
        mock.Get("/static/{*rest}").Respond(ctx => MockResponse.Text(ctx.RouteValues["rest"]));
        using var http = HttpClientFor(mock);

        (await http.GetStringAsync("/users/a%20b/posts/7")).ShouldBe("a b:7");
        (await http.GetStringAsync("/static/css/site.css")).ShouldBe("css/site.css");
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/users/1/posts"));
    }

    [Test]
    public async Task Query_ContainsMultiValuedAndExactly()
    {
        var mock = new MockTransport();
        mock.Get("/search?q=cats").WithQuery("tag", "a", "b").Respond(201);
        mock.Get("/exact").WithExactQuery([new("x", "1"), new("x", "2")]).Respond(202);
        using var http = HttpClientFor(mock);

        (await http.GetAsync("/search?tag=b&q=cats&tag=a&extra=1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/search?q=cats&tag=a"));
        (await http.GetAsync("/exact?x=2&x=1")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/exact?x=2&x=1&y=3"));
    }

    [Test]
    public async Task Headers_PresentAbsentEqualAndRegex()
    {
        var mock = new MockTransport();
        mock.Get("/h").WithHeader("X-Present").WithoutHeader("X-Absent").WithHeader("X-Equal", "yes")
            .WithHeader("User-Agent", ValuePattern.Matching(@"^agent/\d+$")).Respond(200);
        using var http = HttpClientFor(mock);
        static HttpRequestMessage Build(Action<HttpRequestHeaders> edit)
        {
            var message = new HttpRequestMessage(HttpMethod.Get, "/h");
            message.Headers.Add("X-Present", "");
            message.Headers.Add("X-Equal", "yes");
            message.Headers.Add("User-Agent", "agent/2");
            edit(message.Headers);
            return message;
        }

        (await http.SendAsync(Build(_ => { }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.SendAsync(Build(h => h.Add("X-Absent", "1"))));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.SendAsync(Build(h => h.Remove("X-Present"))));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.SendAsync(Build(h => { h.Remove("X-Equal"); h.Add("X-Equal", "no"); })));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.SendAsync(Build(h => { h.UserAgent.Clear(); h.Add("User-Agent", "agent/x"); })));
    }

    [Test]
    public async Task Cookies_MatchByNameAndValue()
    {
        var mock = new MockTransport();
        mock.Get("/c").WithCookie("session", "abc").WithCookie("theme", ValuePattern.Containing("dark")).Respond(200);
        await using var client = ClientFor(mock);

        var ok = await client.GetAsync("/c", new RequestOptions { Cookies = new Dictionary<string, string> { ["session"] = "abc", ["theme"] = "very-dark" } });
        ok.StatusCode.ShouldBe(200);
        await Should.ThrowAsync<UnmatchedRequestException>(() =>
            client.GetAsync("/c", new RequestOptions { Cookies = new Dictionary<string, string> { ["session"] = "xyz", ["theme"] = "dark" } }));
    }

    [Test]
    public async Task Body_BytesTextContainsAndRegex()
    {
        var mock = new MockTransport();
        mock.Post("/bytes").WithBody([1, 2, 3]).Respond(201);
        mock.Post("/text").WithBody("hello").Respond(202);
        mock.Post("/contains").WithBodyContaining("needle").Respond(203);
        mock.Post("/regex").WithBodyMatching(@"^id=\d+$").Respond(204);
        using var http = HttpClientFor(mock);

        (await http.PostAsync("/bytes", new ByteArrayContent([1, 2, 3]))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await http.PostAsync("/text", new StringContent("hello"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await http.PostAsync("/contains", new StringContent("hay needle hay"))).StatusCode.ShouldBe(HttpStatusCode.NonAuthoritativeInformation);
        (await http.PostAsync("/regex", new StringContent("id=42"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/bytes", new ByteArrayContent([1, 2])));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/text", new StringContent("hello!")));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/contains", new StringContent("hay")));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/regex", new StringContent("id=4x")));
    }

    [Test]
    public async Task JsonBody_EqualByStructure_IgnoresKeyOrderAndWhitespace()
    {
        var mock = new MockTransport();
        mock.Post("/json").WithJsonBody(new { name = "Ada", tags = new[] { "a", "b" }, age = 36 }).Respond(201);
        using var http = HttpClientFor(mock);

        (await http.PostAsync("/json", Json("""{ "age": 36.0,   "tags": ["a","b"], "name": "Ada" }"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/json", Json("""{"age":36,"tags":["b","a"],"name":"Ada"}""")));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/json", Json("""{"age":36,"tags":["a","b"],"name":"Ada","x":1}""")));
    }

    [Test]
    public async Task JsonBody_Options_IgnoreArrayOrderAndExtraMembers()
    {
        var mock = new MockTransport();
        mock.Post("/json").WithJsonBody("""{"tags":["a","b"],"user":{"id":1}}""", new JsonMatchOptions { IgnoreArrayOrder = true, IgnoreExtraElements = true }).Respond(201);
        using var http = HttpClientFor(mock);

        (await http.PostAsync("/json", Json("""{"tags":["b","a"],"user":{"id":1,"name":"x"},"extra":true}"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/json", Json("""{"tags":["b"],"user":{"id":1}}""")));
    }

    [Test]
    public async Task JsonPath_ExistsEqualsAndFilters()
    {
        var mock = new MockTransport();
        mock.Post("/exists").WithJsonPath("$.order.items[0].sku").Respond(201);
        mock.Post("/equals").WithJsonPath("$..status", "paid").Respond(202);
        mock.Post("/filter").WithJsonPath("$.items[?(@.price > 10)]").Respond(203);
        using var http = HttpClientFor(mock);

        (await http.PostAsync("/exists", Json("""{"order":{"items":[{"sku":"A1"}]}}"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await http.PostAsync("/equals", Json("""{"a":{"b":{"status":"paid"}}}"""))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await http.PostAsync("/filter", Json("""{"items":[{"price":5},{"price":12}]}"""))).StatusCode.ShouldBe(HttpStatusCode.NonAuthoritativeInformation);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/exists", Json("""{"order":{"items":[]}}""")));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/equals", Json("""{"status":"open"}""")));
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/filter", Json("""{"items":[{"price":5}]}""")));
    }

    [Test]
    public async Task FormFields_MatchUrlEncodedBody()
    {
        var mock = new MockTransport();
        mock.Post("/login").WithFormField("user", "ada lovelace").WithFormField("remember").Respond(200);
        using var http = HttpClientFor(mock);

        var ok = new FormUrlEncodedContent([new("user", "ada lovelace"), new("remember", "on")]);
        (await http.PostAsync("/login", ok)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/login", new FormUrlEncodedContent([new("user", "ada")])));
    }

    [Test]
    public async Task MultipartParts_MatchByNameContentAndFileName()
    {
        var mock = new MockTransport();
        mock.Post("/upload").WithMultipartPart("title", "Report").WithMultipartPart("file", "a,b,c", fileName: "data.csv").Respond(201);
        await using var client = ClientFor(mock);

        var form = new MultipartForm().Field("title", "Report").File("file", "data.csv", Encoding.UTF8.GetBytes("a,b,c"), "text/csv");
        (await client.PostAsync("/upload", Body.Multipart(form))).StatusCode.ShouldBe(201);
        var wrong = new MultipartForm().Field("title", "Report").File("file", "other.csv", Encoding.UTF8.GetBytes("a,b,c"));
        await Should.ThrowAsync<UnmatchedRequestException>(() => client.PostAsync("/upload", Body.Multipart(wrong)));
    }

    [Test]
    public async Task Predicates_SyncAndAsync()
    {
        var mock = new MockTransport();
        mock.Get("/p").When(r => r.QueryValues("n").Count == 2, "two n values").Respond(201);
        mock.Get("/async").When(async (r, ct) => { await Task.Yield(); return r.Header("X-Ok") == "1"; }).Respond(202);
        using var http = HttpClientFor(mock);

        (await http.GetAsync("/p?n=1&n=2")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/p?n=1"));
        ex.Report.ShouldContain("two n values");
        using var message = new HttpRequestMessage(HttpMethod.Get, "/async");
        message.Headers.Add("X-Ok", "1");
        (await http.SendAsync(message)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/async"));
    }

    [Test]
    public async Task Regex_CatastrophicPattern_TimesOutAsNoMatch()
    {
        var mock = new MockTransport(new MockTransportOptions { RegexTimeout = TimeSpan.FromMilliseconds(50) });
        mock.Post("/slow").WithBodyMatching("^(a+)+$").Respond(200);
        using var http = HttpClientFor(mock);

        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsync("/slow", new StringContent(new string('a', 40) + "!")));

        ex.Report.ShouldContain("Body does not match");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
