using Courier;
using Courier.Mocking;

namespace DocsSnippets;

/// <summary>The Courier side of docs/migration/from-wiremock-net.md: a real MockServer on 127.0.0.1, a free port.</summary>
[Category("Docs")]
public sealed class FromWireMockSnippets
{
    [Test]
    public async Task Start_Stub_Call()
    {
        #region wiremock-start
        await using var server = await MockServer.StartAsync();              // WireMockServer.Start()
        server.Get("/users/42")                                              // Request.Create().WithPath(...).UsingGet()
            .Respond(MockResponse.Json(new { id = 42, name = "Ada" }));      // Response.Create().WithBodyAsJson(...)

        using var client = new Client(new ClientOptions { BaseUrl = server.Url });   // server.Urls[0]
        var user = (await client.GetAsync("/users/42")).Json<User>();
        #endregion

        user.ShouldBe(new User(42, "Ada"));
        server.Url.Host.ShouldBe("127.0.0.1");
    }

    [Test]
    public async Task Matchers_AndResponses()
    {
        await using var server = await MockServer.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        #region wiremock-matchers
        server.Get("/search")
            .WithQuery("q", "cats")                                          // .WithParam("q", "cats")
            .WithHeader("Accept", "application/json")                        // .WithHeader("Accept", "application/json")
            .Respond(MockResponse.Json(new[] { "tom", "felix" }).WithHeader("X-Total", "2"));
        server.Post("/users")
            .WithJsonBody(new { name = "Ada" })                              // .WithBody(new JsonMatcher(...))
            .WithPriority(1)                                                 // .AtPriority(1)
            .Respond(MockResponse.Json(new { id = 7 }, 201).WithDelay(TimeSpan.FromMilliseconds(50)));  // .WithDelay(50)
        #endregion

        var found = await client.GetAsync("/search?q=cats", new RequestOptions { Headers = new() { { "Accept", "application/json" } } });
        found.Headers["X-Total"].ShouldBe("2");
        (await client.PostAsync("/users", Body.Json(new { name = "Ada" }))).StatusCode.ShouldBe(201);
    }

    [Test]
    public async Task JsonMappings_LoadUnchanged()
    {
        await using var server = await MockServer.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        #region wiremock-mappings
        server.AddMappings("""
            {
              "request": { "method": "GET", "urlPath": "/ping" },
              "response": { "status": 200, "body": "pong", "headers": { "Content-Type": "text/plain" } }
            }
            """);                                            // server.WithMapping(json)
        // A WireMock root (mappings/ and __files/): server.LoadMappings("wiremock")
        // or at start: MockServer.StartAsync(new() { MappingsDirectory = "wiremock" })
        #endregion

        (await client.GetAsync("/ping")).Text.ShouldBe("pong");
    }

    [Test]
    public async Task Journal_AndVerification()
    {
        await using var server = await MockServer.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        server.Post("/items").Respond(201);
        await client.PostAsync("/items", Body.Json(new { name = "pen" }));

        #region wiremock-verify
        server.Verify(1, r => r.Method("POST").Path("/items"));            // server.Should().HaveReceivedACall()...
        var posted = server.CountRequests(r => r.WithJsonPath("$.name", "pen"));
        var log = server.Requests;                                           // server.LogEntries
        server.AssertNoUnmatched();
        #endregion

        posted.ShouldBe(1);
        log.Count.ShouldBe(1);
        log[0].WasMatched.ShouldBeTrue();
    }

    [Test]
    public async Task Faults_OnTheWire()
    {
        await using var server = await MockServer.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        #region wiremock-faults
        server.Get("/reset").Respond(WireFaults.Response(WireFault.ConnectionResetByPeer));  // .WithFault(FaultType...)
        server.Get("/empty").Respond(WireFaults.Response(WireFault.EmptyResponse));
        #endregion

        await Should.ThrowAsync<TransportException>(() => client.GetAsync("/reset"));
        await Should.ThrowAsync<TransportException>(() => client.GetAsync("/empty"));
    }
}
