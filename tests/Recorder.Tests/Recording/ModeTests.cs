using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>RecordMode exactly as docs/recording.md specifies, including CI=true and COURIER_RECORD_MODE.</summary>
public sealed class ModeTests : RecorderTestBase
{
    private async Task RecordOneAsync(string url)
    {
        using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once));
        using var client = new HttpClient(recorder);
        await client.GetAsync(url);
    }

    [TestCase(null, null, null, RecordMode.Once)]
    [TestCase("true", null, null, RecordMode.None)]
    [TestCase("1", null, null, RecordMode.None)]
    [TestCase("true", null, RecordMode.NewEpisodes, RecordMode.NewEpisodes)]
    [TestCase("true", "all", null, RecordMode.All)]
    [TestCase(null, "new_episodes", RecordMode.None, RecordMode.NewEpisodes)]
    [TestCase(null, "NONE", RecordMode.All, RecordMode.None)]
    public void Mode_IsResolvedFromOptionsCiAndVariable(string? ci, string? variable, RecordMode? configured, RecordMode expected)
    {
        var env = new Dictionary<string, string?> { ["CI"] = ci, ["COURIER_RECORD_MODE"] = variable };
        using var recorder = new Recorder(new Cassette(), new NoNetwork(), new RecorderOptions { Mode = configured, Environment = n => env.GetValueOrDefault(n) });

        recorder.Mode.ShouldBe(expected);
    }

    [Test]
    public void Mode_BadVariable_IsRefusedNamingIt()
    {
        var error = Should.Throw<ArgumentException>(() => new Recorder(new Cassette(), new NoNetwork(), new RecorderOptions { Environment = n => n == "COURIER_RECORD_MODE" ? "sometimes" : null }));

        error.Message.ShouldContain("COURIER_RECORD_MODE='sometimes'");
    }

    [Test]
    public async Task None_Unmatched_ThrowsWithoutTouchingTheNetwork()
    {
        var network = new NoNetwork();
        using var recorder = Recorder.Open(CassettePath, network, Options(RecordMode.None));
        using var client = new HttpClient(recorder);

        var error = await Should.ThrowAsync<CassetteMismatchException>(() => client.GetAsync("http://127.0.0.1:9/nothing"));

        network.Calls.ShouldBe(0);
        error.Cassette.ShouldBe(CassettePath);
        error.Message.ShouldContain("holds no interactions");
        File.Exists(CassettePath).ShouldBeFalse();
    }

    [Test]
    public async Task Once_ExistingCassette_ReplaysOnlyAndRefusesNewRequests()
    {
        await using var server = await StartServerAsync();
        await RecordOneAsync(server.At("/hello?n=1"));

        using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once));
        using var client = new HttpClient(recorder);
        (await client.GetStringAsync(server.At("/hello?n=1"))).ShouldBe("hello 1");

        var error = await Should.ThrowAsync<CassetteMismatchException>(() => client.GetAsync(server.At("/hello?n=2")));
        error.Message.ShouldContain("Query [exactly] n=1");
        error.Message.ShouldContain("<<<<< Query does not match");
        error.Message.ShouldNotContain("URL does not match");
        Cassette.Load(CassettePath)!.Interactions.Count.ShouldBe(1);
    }

    [Test]
    public async Task Once_EmptyFile_CountsAsAbsentAndRecords()
    {
        await File.WriteAllTextAsync(CassettePath, "");
        await using var server = await StartServerAsync();

        await RecordOneAsync(server.At("/hello"));

        Cassette.Load(CassettePath)!.Interactions.Count.ShouldBe(1);
    }

    [Test]
    public async Task NewEpisodes_ReplaysMatchesAndAppendsTheRest()
    {
        await using var server = await StartServerAsync();
        await RecordOneAsync(server.At("/hello?n=1"));

        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.NewEpisodes)))
        using (var client = new HttpClient(recorder))
        {
            using var replayed = await client.GetAsync(server.At("/hello?n=1"));
            replayed.Headers.GetValues("X-Count").ShouldBe(["1"], "replayed, not sent again");
            using var recorded = await client.GetAsync(server.At("/hello?n=2"));
            recorded.Headers.GetValues("X-Count").ShouldBe(["2"]);
        }

        Cassette.Load(CassettePath)!.Interactions.Select(i => i.Request.Uri).ShouldBe([server.At("/hello?n=1"), server.At("/hello?n=2")]);
    }

    [Test]
    public async Task All_GoesToTheNetworkAndRewritesTheCassette()
    {
        await using var server = await StartServerAsync();
        await RecordOneAsync(server.At("/hello?n=1"));

        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.All)))
        using (var client = new HttpClient(recorder))
        {
            using var response = await client.GetAsync(server.At("/hello?n=3"));
            response.Headers.GetValues("X-Count").ShouldBe(["2"]);
        }

        Cassette.Load(CassettePath)!.Interactions.ShouldHaveSingleItem().Request.Uri.ShouldBe(server.At("/hello?n=3"));
    }

    [Test]
    public async Task IdenticalRequests_ReplayInOrderEachOnce()
    {
        await using (var server = await StartServerAsync())
        {
            using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once));
            using var client = new HttpClient(recorder);
            await client.GetAsync(server.At("/hello"));
            await client.GetAsync(server.At("/hello"));
        }

        var uri = Cassette.Load(CassettePath)!.Interactions[0].Request.Uri;
        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(RecordMode.None));
        using var replayClient = new HttpClient(replay);
        (await replayClient.GetAsync(uri)).Headers.GetValues("X-Count").ShouldBe(["1"]);
        (await replayClient.GetAsync(uri)).Headers.GetValues("X-Count").ShouldBe(["2"]);
        var error = await Should.ThrowAsync<CassetteMismatchException>(() => replayClient.GetAsync(uri));
        error.Message.ShouldContain("already replayed");
    }

    [Test]
    public async Task AllowPlaybackRepeats_ReplaysAgain()
    {
        var cassette = Courier.Recorder.Cassette.Parse("""
            interactions:
            - request: {body: null, headers: {}, method: GET, uri: 'http://127.0.0.1:1/x'}
              response: {body: {string: once}, headers: {}, status: {code: 200, message: OK}}
            version: 1
            """)!;
        using var replay = new Recorder(cassette, new NoNetwork(), Options(RecordMode.None) with { AllowPlaybackRepeats = true });
        using var client = new HttpClient(replay);

        for (var i = 0; i < 3; i++)
        {
            (await client.GetStringAsync("http://127.0.0.1:1/x")).ShouldBe("once");
        }
    }
}
