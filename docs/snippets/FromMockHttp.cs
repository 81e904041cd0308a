using Courier;
using Courier.Mocking;

namespace DocsSnippets;

/// <summary>The Courier side of docs/migration/from-mockhttp-and-flurl.md.</summary>
[Category("Docs")]
public sealed class FromMockHttpSnippets
{
    [Test]
    public async Task MockHttp_When_Respond()
    {
        #region mockhttp-basic
        var mock = new MockTransport();
        mock.Get("/api/user/*").Respond(MockResponse.RawJson("""{"name":"Test McGee"}"""));

        using var http = new HttpClient(mock);                 // mockHttp.ToHttpClient()
        var json = await http.GetStringAsync("http://localhost/api/user/1234");
        #endregion

        json.ShouldBe("""{"name":"Test McGee"}""");
    }

    [Test]
    public async Task MockHttp_Matchers()
    {
        #region mockhttp-matchers
        var mock = new MockTransport();
        mock.Get("/search")
            .WithQuery("q", "cats")                                        // .WithQueryString("q", "cats")
            .WithHeader("Accept", "application/json")                      // .WithHeaders("Accept", "application/json")
            .Respond(MockResponse.Json(new[] { "tom", "felix" }));
        mock.Post("/login")
            .WithFormField("user", "ada")                                  // .WithFormData("user", "ada")
            .Respond(204);
        mock.Post("/notes")
            .WithBodyContaining("milk")                                    // .WithPartialContent("milk")
            .When(r => r.Headers.Count > 0, "has headers")                 // .With(request => ...)
            .Respond(201);
        #endregion

        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });
        (await client.GetAsync("/search?q=cats", new RequestOptions { Headers = new() { { "Accept", "application/json" } } })).Text.ShouldBe("""["tom","felix"]""");
        (await client.PostAsync("/login", Body.Form([new("user", "ada")]))).StatusCode.ShouldBe(204);
        (await client.PostAsync("/notes", Body.Text("buy milk"))).StatusCode.ShouldBe(201);
    }

    [Test]
    public async Task MockHttp_ExpectAndVerify()
    {
        var mock = new MockTransport();
        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });

        #region mockhttp-expect
        var create = mock.Post("/users").WithJsonBody(new { name = "Ada" }).Respond(201).Times(1);   // mockHttp.Expect(...)
        mock.Delete("/users/{id}").Respond(204).Never();

        await client.PostAsync("/users", Body.Json(new { name = "Ada" }));

        mock.VerifyExpectations();           // mockHttp.VerifyNoOutstandingExpectation()
        var count = create.CallCount;        // mockHttp.GetMatchCount(request)
        #endregion

        count.ShouldBe(1);
    }

    [Test]
    public async Task MockHttp_FallbackAndFailures()
    {
        var mock = new MockTransport();
        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });

        #region mockhttp-fallback
        mock.Get("/flaky").Fail(MockFault.ConnectError);                      // .Throw(new HttpRequestException())
        mock.Get("/boom").Respond(MockResponse.Throw(r => new InvalidOperationException("boom")));
        mock.Route().WithPriority(10).Respond(404);                           // mockHttp.Fallback.Respond(HttpStatusCode.NotFound)
        #endregion

        await Should.ThrowAsync<ConnectException>(() => client.GetAsync("/flaky"));
        (await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/boom"))).Message.ShouldBe("boom");
        (await client.GetAsync("/anything")).StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task MockHttp_Unmatched_IsAReport()
    {
        var mock = new MockTransport();
        mock.Get("/users/{id}").WithHeader("Accept", "application/json").Respond(200);
        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });

        #region mockhttp-unmatched
        var e = await Should.ThrowAsync<UnmatchedRequestException>(() => client.GetAsync("/users/42"));
        Console.WriteLine(e.Message);   // the closest routes, each condition matched or not, expected against actual
        #endregion

        e.Message.ShouldContain("Header does not match");
    }

    [Test]
    public async Task Flurl_RespondWith_Queue()
    {
        #region flurl-queue
        var mock = new MockTransport();
        mock.Route().RespondInSequence(                                       // httpTest.RespondWith("first")
            MockResponse.Text("first"),                                       //         .RespondWithJson(new { id = 1 }, 201)
            MockResponse.Json(new { id = 1 }, 201));
        mock.Get("/api/users/*").WithPriority(1)                             // httpTest.ForCallsTo("*/api/users/*").WithVerb("GET")
            .Respond(MockResponse.Json(new { id = 42, name = "Ada" }));      //         .RespondWithJson(...)
        #endregion

        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });
        (await client.GetAsync("/api/users/42")).Json<User>().ShouldBe(new User(42, "Ada"));
        (await client.GetAsync("/a")).Text.ShouldBe("first");
        (await client.PostAsync("/b")).StatusCode.ShouldBe(201);
    }

    [Test]
    public async Task Flurl_ShouldHaveCalled()
    {
        var mock = new MockTransport();
        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });

        #region flurl-assert
        mock.Post("/users").WithJsonBody(new { name = "Ada" }).Respond(201).Times(1);    // ShouldHaveCalled(...).WithVerb(Post)
        mock.Any("/admin/*").Respond(403).Never();                                       // ShouldNotHaveCalled("*/admin*")

        await client.PostAsync("/users", Body.Json(new { name = "Ada" }));

        mock.VerifyExpectations();
        var posted = mock.Calls.Single(c => c.Request.Method == "POST").Request;        // httpTest.CallLog
        var name = posted.Json?.GetProperty("name").GetString();                         // .WithRequestJson(...)
        #endregion

        name.ShouldBe("Ada");
    }

    [Test]
    public async Task Flurl_Simulate()
    {
        var mock = new MockTransport();
        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });

        #region flurl-simulate
        mock.Get("/slow").Fail(MockFault.ReadTimeout);                                   // httpTest.SimulateTimeout()
        mock.Get("/down").Respond(MockResponse.Throw(r => new HttpRequestException("down"))); // httpTest.SimulateException(...)
        #endregion

        await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/slow"));
        (await Should.ThrowAsync<TransportException>(() => client.GetAsync("/down"))).InnerException.ShouldBeOfType<HttpRequestException>();
    }
}
