using System.Text;
using Courier.CliTests.EndToEnd;
using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.CliTests.Recording;

/// <summary><c>courier replay</c>: a cassette served by MockServer for clients in any language.</summary>
public sealed class ReplayCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("courier-replay-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static Interaction Get(string uri, int status, string body, string? method = null, string? requestBody = null) => new(
        new RecordedRequest { Method = method ?? "GET", Uri = uri, Body = requestBody is null ? null : Encoding.UTF8.GetBytes(requestBody) },
        new RecordedResponse
        {
            StatusCode = status,
            ReasonPhrase = status == 201 ? "Created Here" : "OK",
            Headers = new RecordedHeaders([new("Content-Type", ["text/plain"]), new("Set-Cookie", ["a=1", "b=2"]), new("Content-Length", ["999"])]),
            Body = Encoding.UTF8.GetBytes(body),
        });

    private async Task<string> SaveAsync(params Interaction[] interactions)
    {
        var path = Path.Combine(_dir, "served.yaml");
        await new Cassette(interactions).SaveAsync(path);
        return path;
    }

    [Test]
    public async Task Replay_IdenticalRequestsGetTheirRecordedResponsesInOrder_ThenA404NearMissReport()
    {
        var path = await SaveAsync(
            Get("https://api.example.test/counter?a=1&b=2", 200, "first"),
            Get("https://api.example.test/other", 200, "other"),
            Get("https://api.example.test/counter?a=1&b=2", 200, "second"),
            Get("https://api.example.test/items", 201, "created", "POST", """{"name":"x"}"""));
        using var replay = await ServingCommand.StartAsync(["replay", path]);
        replay.FirstLine.ShouldMatch(@"^Listening on http://127\.0\.0\.1:\d+$");
        using var client = new Client(new ClientOptions { BaseUrl = replay.Url, TrustEnv = false });

        var first = await client.GetAsync("/counter?b=2&a=1");
        first.Text.ShouldBe("first", "query order does not matter, as in the recorder");
        first.Headers.GetValues("Set-Cookie").ShouldBe(["a=1", "b=2"], "multi-valued headers stay separate");
        first.Headers["Content-Length"].ShouldBe("5", "a recorded Content-Length is recomputed");
        (await client.GetAsync("/counter?a=1&b=2")).Text.ShouldBe("second");
        var exhausted = await client.GetAsync("/counter?a=1&b=2");
        exhausted.StatusCode.ShouldBe(404);
        exhausted.Text.ShouldContain("Request was not matched");
        exhausted.Text.ShouldContain("not yet played");

        var created = await client.PostAsync("/items", Body.Text("""{"name":"x"}""", "application/json"));
        created.StatusCode.ShouldBe(201);
        created.ReasonPhrase.ShouldBe("Created Here");
        var wrongQuery = await client.GetAsync("/counter?a=1");
        wrongQuery.StatusCode.ShouldBe(404);
        wrongQuery.Text.ShouldContain("Query");

        var (exit, stderr) = await replay.StopAsync("INT");
        exit.ShouldBe(0, stderr);
    }

    [Test]
    public async Task Replay_MatchOnJsonBody_ChoosesByBodyStructure_AndRepeatsWhenAllowed()
    {
        var path = await SaveAsync(
            Get("https://api.example.test/search", 200, "for ada", "POST", """{"q":"ada","page":1}"""),
            Get("https://api.example.test/search", 200, "for bob", "POST", """{"q":"bob","page":1}"""));
        using var replay = await ServingCommand.StartAsync(["replay", path, "--match-on", "method,path,query,json_body", "--allow-playback-repeats"]);
        using var client = new Client(new ClientOptions { BaseUrl = replay.Url, TrustEnv = false });
        (await client.PostAsync("/search", Body.Text("""{ "page": 1, "q": "bob" }""", "application/json"))).Text.ShouldBe("for bob");
        (await client.PostAsync("/search", Body.Text("""{"q":"ada","page":1}""", "application/json"))).Text.ShouldBe("for ada");
        (await client.PostAsync("/search", Body.Text("""{"q":"ada","page":1}""", "application/json"))).Text.ShouldBe("for ada", "--allow-playback-repeats");
        (await client.PostAsync("/search", Body.Text("""{"q":"eve","page":1}""", "application/json"))).StatusCode.ShouldBe(404);
        (await replay.StopAsync("TERM")).ExitCode.ShouldBe(0);
    }

    [Test]
    public async Task Replay_ServesARubyVcrFixture()
    {
        var fixture = Directory.EnumerateFiles(Fixtures.Path("cassettes"), "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Fixtures.Path("cassettes"), "*.yaml", SearchOption.AllDirectories))
            .Select(f => (File: f, Cassette: TryLoad(f)))
            .FirstOrDefault(c => c.Cassette is { Dialect: CassetteDialect.RubyVcr, Interactions.Count: > 0 });
        fixture.Cassette.ShouldNotBeNull("the fixtures hold a Ruby VCR cassette");
        var recorded = fixture.Cassette!.Interactions[0];
        using var replay = await ServingCommand.StartAsync(["replay", fixture.File]);
        using var client = new Client(new ClientOptions { BaseUrl = replay.Url, TrustEnv = false });
        var uri = new Uri(recorded.Request.Uri);
        var response = await client.SendAsync(new Request(recorded.Request.Method, new Uri(replay.Url, uri.PathAndQuery).ToString(), body: recorded.Request.Body is { } b ? Body.Bytes(b) : null));
        response.StatusCode.ShouldBe(recorded.Response.StatusCode);
        (await replay.StopAsync("TERM")).ExitCode.ShouldBe(0);
    }

    private static Cassette? TryLoad(string path)
    {
        try
        {
            return Cassette.Load(path);
        }
        catch (CassetteFormatException)
        {
            return null;
        }
    }

    [Test]
    public async Task Replay_AMissingOrBrokenCassette_IsAnErrorWithExitCode2()
    {
        var missing = await CliProcess.RunAsync(["replay", Path.Combine(_dir, "absent.yaml")]);
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.Stderr.ShouldContain("does not exist");

        var broken = Path.Combine(_dir, "broken.yaml");
        await File.WriteAllTextAsync(broken, "interactions:\n- request: {method: GET}\nversion: 1\n");
        var result = await CliProcess.RunAsync(["replay", broken]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("line 2");
    }
}
