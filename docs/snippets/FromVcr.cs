using Courier;
using Courier.Mocking;
using Courier.Recorder;
using Microsoft.Extensions.DependencyInjection;

namespace DocsSnippets;

/// <summary>The Courier side of docs/migration/from-vcrpy-and-easyvcr.md: records from a MockServer on loopback into a
/// temporary folder, then replays with the server gone.</summary>
[Category("Docs")]
public sealed class FromVcrSnippets
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("courier-vcr-docs-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task UseCassette_RecordsOnce_ThenReplays()
    {
        var cassettePath = Path.Combine(_folder, "users.yaml");
        string api;
        await using (var server = await MockServer.StartAsync())
        {
            server.Get("/users/42").Respond(MockResponse.Json(new { id = 42, name = "Ada" }));
            api = server.Url.GetLeftPart(UriPartial.Authority);

            #region vcr-use-cassette
            using var recorder = Recorder.Open(cassettePath, inner: new HttpTransport(), new RecorderOptions
            {
                Mode = RecordMode.Once,                                   // record_mode="once"
                MatchOn = MatchOn.Method | MatchOn.Path | MatchOn.Query,  // match_on=["method", "path", "query"]
                RedactHeaders = ["Authorization", "X-Api-Key"],           // filter_headers=[...]
                FilterQueryParameters = ["api_key"],                      // filter_query_parameters=["api_key"]
            });
            using var client = new Client(new ClientOptions { Transport = recorder });
            var user = await client.GetAsync($"{api}/users/42?api_key=s3cret");
            #endregion

            user.Json<User>().ShouldBe(new User(42, "Ada"));
            server.Requests.Count.ShouldBe(1);
        }

        File.ReadAllText(cassettePath).ShouldNotContain("s3cret");

        // The server is gone: the same call replays.
        using var replaying = Recorder.Open(cassettePath, inner: new HttpTransport(), new RecorderOptions
        {
            Mode = RecordMode.None,
            MatchOn = MatchOn.Method | MatchOn.Path | MatchOn.Query,
            FilterQueryParameters = ["api_key"],
        });
        using var again = new Client(new ClientOptions { Transport = replaying });
        (await again.GetAsync($"{api}/users/42?api_key=s3cret")).Json<User>().ShouldBe(new User(42, "Ada"));
    }

    [Test]
    public async Task ReplayOnly_AndMismatch()
    {
        var cassettePath = await SavedCassette("replay.yaml");

        #region vcr-replay-only
        using var recorder = Recorder.Open(cassettePath, inner: new HttpTransport(),
            new RecorderOptions { Mode = RecordMode.None });                 // record_mode="none" / Mode.Replay
        using var client = new Client(new ClientOptions { Transport = recorder });
        var user = await client.GetAsync("https://api.example.test/users/42");

        try
        {
            await client.GetAsync("https://api.example.test/users/43");     // not in the cassette
        }
        catch (CassetteMismatchException e)                                  // CannotOverwriteExistingCassetteException
        {
            Console.WriteLine(e.Message);   // the closest recordings, matcher by matcher
        }
        #endregion

        user.Json<User>().ShouldBe(new User(42, "Ada"));
        await Should.ThrowAsync<CassetteMismatchException>(() => client.GetAsync("https://api.example.test/users/44"));
    }

    [Test]
    public async Task HttpClient_AndHooks()
    {
        var cassettePath = await SavedCassette("hooks.yaml");

        #region vcr-httpclient
        using var recorder = Recorder.Open(cassettePath, inner: new HttpTransport(), new RecorderOptions
        {
            BeforeRecordResponse = r => r with { Headers = r.Headers.Without("Date", "Server") },   // before_record_response
            FilterJsonMembers = ["password", "access_token"],
        });
        using var http = new HttpClient(recorder);                  // EasyVCR: HttpClients.NewHttpClient(cassette, mode)
        var json = await http.GetStringAsync("https://api.example.test/users/42");
        #endregion

        json.ShouldBe("""{"id":42,"name":"Ada"}""");
    }

    [Test]
    public async Task HttpClientFactory_AndPerTestNames()
    {
        var root = _folder;
        var saved = await SavedCassette("FromVcrSnippets/HttpClientFactory_AndPerTestNames.yaml");

        #region vcr-factory
        var cassette = CassettePaths.For(root, $"{nameof(FromVcrSnippets)}/{TestContext.CurrentContext.Test.Name}");
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddCourierRecorder(cassette, new RecorderOptions { Mode = RecordMode.None });
        using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        var json = await http.GetStringAsync("https://api.example.test/users/42");
        #endregion

        cassette.ShouldBe(saved);
        json.ShouldBe("""{"id":42,"name":"Ada"}""");
    }

    private async Task<string> SavedCassette(string name)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var response = new RecordedResponse
        {
            StatusCode = 200,
            Headers = new RecordedHeaders([new RecordedHeader("Content-Type", ["application/json"])]),
            Body = """{"id":42,"name":"Ada"}"""u8.ToArray(),
        };
        await new Cassette([new Interaction(new RecordedRequest { Method = "GET", Uri = "https://api.example.test/users/42" }, response)], path).SaveAsync();
        return path;
    }
}
