using Courier.Recorder;
using Courier.Recorder.NUnit;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.RecorderTests.NUnit;

/// <summary>Tests in parallel, each with its own [Cassette], record against one loopback server and never cross cassettes.</summary>
[Parallelizable(ParallelScope.All)]
[Cassette(Settings = typeof(ParallelCassettes))]
public sealed class ParallelCassetteTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() =>
        _server = await LoopbackServer.StartAsync(app => app.MapGet("/echo", async (HttpContext c) =>
        {
            await Task.Delay(Random.Shared.Next(1, 15));
            return Results.Text("echo " + c.Request.Query["who"]);
        }));

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(ParallelCassettes.Folder))
        {
            Directory.Delete(ParallelCassettes.Folder, recursive: true);
        }
    }

    [Test]
    public Task Alpha() => RecordOwnTraffic("alpha");

    [Test]
    public Task Bravo() => RecordOwnTraffic("bravo");

    [Test]
    public Task Charlie() => RecordOwnTraffic("charlie");

    [Test]
    public Task Delta() => RecordOwnTraffic("delta");

    [Test]
    public Task Echo() => RecordOwnTraffic("echo");

    [Test]
    public Task Foxtrot() => RecordOwnTraffic("foxtrot");

    [Test]
    [Cassette("Overridden/By the method", Settings = typeof(ParallelCassettes))]
    public void MethodAttribute_WinsOverTheFixtures() =>
        CassetteContext.Current.Path.ShouldBe(Path.Combine(ParallelCassettes.Folder, "Overridden", "By the method.yaml"));

    private async Task RecordOwnTraffic(string who)
    {
        var context = CassetteContext.Current;
        for (var i = 0; i < 4; i++)
        {
            // The context is the same across awaits and inside tasks the test starts.
            var seen = await Task.Run(() => CassetteContext.Current);
            seen.ShouldBeSameAs(context);
            (await seen.HttpClient.GetStringAsync(new Uri(_server.Url, $"/echo?who={who}&i={i}"))).ShouldBe("echo " + who);
        }

        Path.GetFileNameWithoutExtension(context.Path).ShouldBe(TestContext.CurrentContext.Test.Name);
        var saved = Cassette.Load(context.Path)!;
        saved.Interactions.Count.ShouldBe(4);
        saved.Interactions.ShouldAllBe(x => x.Request.Uri.Contains("who=" + who, StringComparison.Ordinal));
    }
}

/// <summary>The parallel fixture's own cassette folder.</summary>
public sealed class ParallelCassettes : CassetteSettings
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), $"courier-nunit-parallel-{Guid.NewGuid():N}");

    public override string Root => Folder;

    public override RecorderOptions Options => new() { Environment = _ => null };
}
