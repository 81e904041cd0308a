using System.Diagnostics;
using System.Net;
using System.Text;
using Courier.Mocking;
using Courier.Mocking.WireMock;
using Courier.TestUtils;

namespace Courier.MockingTests.WireMock;

/// <summary>Every folder of shared/fixtures/wiremock loads unchanged and answers as its README says, over real HTTP with Courier's client.</summary>
public sealed class FixtureTests
{
    [Test]
    public async Task RemoteLoader_UrlOnly_AnswersAnyMethod()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        (await client.GetAsync("/remote-load/1")).Text.ShouldBe("Remote load 1");
        (await client.PostAsync("/remote-load/1", Body.Text("x"))).Text.ShouldBe("Remote load 1");
    }

    [Test]
    public async Task RemoteLoader_UrlPathMethodHeaderContains_AndResponseHeader()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var hit = await client.GetAsync("/remote-load/2", new RequestOptions { Headers = new Headers { { "Accept", "text/plain, */*" } } });
        hit.StatusCode.ShouldBe(200);
        hit.Text.ShouldBe("Remote load 2");
        hit.Headers["Content-Type"].ShouldBe("text/plain");
        server.Stubs.Single(s => s.ToString().Contains("/remote-load/2", StringComparison.Ordinal)).Priority.ShouldBe(4);
        var miss = await client.GetAsync("/remote-load/2", new RequestOptions { Headers = new Headers { { "Accept", "application/json" } } });
        miss.StatusCode.ShouldBe(404);
        miss.Text.ShouldContain("<<<<< Header does not match");
    }

    [Test]
    public async Task RemoteLoader_ScenarioInOneFile_MovesFromStartedToTheSecondList()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        (await client.GetAsync("/todo/items")).Text.ShouldBe("<items><item>Buy milk</item></items>");
        (await client.PostAsync("/todo/items", Body.Text("nothing to see"))).StatusCode.ShouldBe(404);
        (await client.PostAsync("/todo/items", Body.Text("Cancel newspaper subscription"))).StatusCode.ShouldBe(201);
        (await client.GetAsync("/todo/items")).Text.ShouldBe(await File.ReadAllTextAsync(Fixtures.Path("wiremock", "remoteloader", "__files", "body.xml")));
        server.ScenarioStates["To do list"].ShouldBe("Cancel newspaper item added");
        server.ResetScenarios();
        (await client.GetAsync("/todo/items")).Text.ShouldBe("<items><item>Buy milk</item></items>");
    }

    [TestCase("/text-file", "body.txt", null)]
    [TestCase("/text-file-from-header", "body.unknown", "application/json")]
    [TestCase("/binary-file-from-header", "body.unknown", "image/jpg")]
    [TestCase("/image-file", "favicon3.png", null)]
    public async Task RemoteLoader_BodyFiles_AreServedByteExact(string path, string file, string? contentType)
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(await File.ReadAllBytesAsync(Fixtures.Path("wiremock", "remoteloader", "__files", file)));
        response.Content.Headers.ContentType?.MediaType.ShouldBe(contentType);
    }

    [Test]
    public async Task MultiStub_WrapperAndSingleFilesMixed_GiveExactlyFourStubs()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "multi-stub") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        server.Stubs.Count.ShouldBe(4);
        foreach (var path in new[] { "/single/1", "/multi/1", "/multi/2", "/multi/3" })
        {
            (await client.GetAsync(path)).StatusCode.ShouldBe(200, path);
        }

        (await client.GetAsync("/multi/4")).StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task TestRequests_MinimalStubs()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-requests") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        (await client.GetAsync("/canned/resource/1")).StatusCode.ShouldBe(200);
        var denied = await client.GetAsync("/canned/resource/2");
        denied.StatusCode.ShouldBe(401);
        denied.Text.ShouldBe("Not allowed!");
    }

    [Test]
    public async Task ClasspathFileSource_SubFolders_BodyFile_AndFixedDelay()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "classpath-filesource") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        (await client.GetAsync("/test")).Text.ShouldBe("THINGS!");
        (await client.GetAsync("/second_test")).Text.ShouldBe("testing");
        var clock = Stopwatch.StartNew();
        (await client.GetAsync("/slow-response")).Text.ShouldBe("THINGS!");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(480));
    }

    [Test]
    public async Task TestFileRoot_UrlPattern_AndJsonBodyNumbersRoundTripExactly()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-file-root") });
        await using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var json = await client.GetAsync("/testjsonmapping");
        json.Headers["Content-Type"].ShouldBe("application/json");
        json.Text.ShouldBe("""{"bignumber":1234567890.12,"integer_as_float":2.0,"array":[1,2,3],"integer":2,"key":"value"}""");
        (await client.GetAsync("/testmapping")).Text.ShouldBe("default test mapping");
    }

    [Test]
    public async Task Sample_CommentInsideJson_HeaderEqualToMatchesDoesNotMatch()
    {
        await using var server = await MockServer.StartAsync();
        server.LoadMappingFile(Fixtures.Path("wiremock", "sample.json")).Count.ShouldBe(1);
        using var http = new HttpClient { BaseAddress = server.Url };

        static HttpRequestMessage Request(string? etag)
        {
            var message = new HttpRequestMessage(HttpMethod.Get, "/my/other/resource") { Content = new StringContent(string.Empty, Encoding.UTF8) };
            message.Content.Headers.ContentType = new("text/xml");
            message.Headers.Accept.ParseAdd("application/xml");
            if (etag is not null)
            {
                message.Headers.TryAddWithoutValidation("Etag", etag);
            }

            return message;
        }

        using var hit = await http.SendAsync(Request("abc"));
        hit.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hit.Content.ReadAsStringAsync()).ShouldBe("YES INDEED!");
        hit.Headers.CacheControl!.NoCache.ShouldBeTrue();
        using var excluded = await http.SendAsync(Request("s0912lksjd-nope"));
        excluded.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var noEtag = await http.SendAsync(Request(null));
        noEtag.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ProxySample_PriorityLow_IsRejectedNamingFileAndField()
    {
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<WireMockMappingException>(() => server.LoadMappingFile(Fixtures.Path("wiremock", "proxy-sample.json")));

        error.File.ShouldEndWith("proxy-sample.json");
        error.JsonPath.ShouldBe("$.priority");
        error.Message.ShouldContain("expected an integer");
        error.Message.ShouldContain("\"LOW\"");
        server.Stubs.ShouldBeEmpty();
    }
}
