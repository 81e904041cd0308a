using System.Net;
using Courier.Recorder;
using Courier.Recorder.NUnit;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.RecorderTests.NUnit;

/// <summary>[Cassette]: a cassette per test, named after the test, mode from settings, replay when the cassette exists.</summary>
public sealed class CassetteAttributeTests
{
    private const string Fixture = "Courier.RecorderTests.NUnit.CassetteAttributeTests";

    private LoopbackServer _server = null!;
    private int _hits;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await LoopbackServer.StartAsync(app => app.MapGet("/hits", () => Results.Text("hit " + Interlocked.Increment(ref _hits))));

        // The "earlier run" of Seeded_CassetteExists_ReplaysWithoutNetwork: its cassette is already on disk.
        var seeded = CassettePaths.For(TempCassettes.Dir, $"{Fixture}/Seeded_CassetteExists_ReplaysWithoutNetwork");
        Directory.CreateDirectory(Path.GetDirectoryName(seeded)!);
        await File.WriteAllTextAsync(seeded, """
            interactions:
            - request: {body: null, headers: {}, method: GET, uri: 'http://127.0.0.1:1/seeded'}
              response: {body: {string: from the earlier run}, headers: {}, status: {code: 200, message: OK}}
            version: 1
            """);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(TempCassettes.Dir))
        {
            Directory.Delete(TempCassettes.Dir, recursive: true);
        }
    }

    [Test]
    [Cassette(Settings = typeof(TempCassettes))]
    public void Path_DerivedFromTheTestsFullName() =>
        CassetteContext.Current.Path.ShouldBe(Path.Combine(TempCassettes.Dir, Fixture, "Path_DerivedFromTheTestsFullName.yaml"));

    [TestCase("a/b")]
    [TestCase("../x")]
    [Cassette(Settings = typeof(TempCassettes))]
    public void Path_ParameterizedNamesAreSanitizedUnderTheRoot(string argument)
    {
        var path = CassetteContext.Current.Path;

        path.ShouldStartWith(Path.Combine(TempCassettes.Dir, Fixture) + Path.DirectorySeparatorChar);
        Path.GetFileName(path).ShouldStartWith("Path_ParameterizedNamesAreSanitizedUnderTheRoot_");
        Path.GetDirectoryName(path).ShouldBe(Path.Combine(TempCassettes.Dir, Fixture));
    }

    [Test]
    [Cassette("Shared/Explicit name", Settings = typeof(TempCassettes))]
    public void Path_ExplicitName() =>
        CassetteContext.Current.Path.ShouldBe(Path.Combine(TempCassettes.Dir, "Shared", "Explicit name.yaml"));

    [Test]
    [Cassette(Settings = typeof(TempCassettes))]
    public async Task Records_ThroughHttpClientAndCourierClient_AndSavesTheCassette()
    {
        var context = CassetteContext.Current;
        context.Mode.ShouldBe(RecordMode.Once);

        (await context.HttpClient.GetStringAsync(new Uri(_server.Url, "/hits"))).ShouldStartWith("hit ");
        var response = await context.Client.GetAsync(new Uri(_server.Url, "/hits").ToString());
        response.StatusCode.ShouldBe(200);

        Cassette.Load(context.Path)!.Interactions.Count.ShouldBe(2);
    }

    [Test]
    [Cassette(Settings = typeof(NoNetworkCassettes))]
    public async Task Seeded_CassetteExists_ReplaysWithoutNetwork()
    {
        CassetteContext.Current.Mode.ShouldBe(RecordMode.Once);

        (await CassetteContext.Current.HttpClient.GetStringAsync("http://127.0.0.1:1/seeded")).ShouldBe("from the earlier run");
    }

    [Test]
    public async Task SecondRun_ReplaysWhatTheFirstRecorded()
    {
        var settings = new TempCassettes();
        string first;
        using (var run1 = CassetteContext.Open("Runs/First then second", settings))
        {
            first = await run1.HttpClient.GetStringAsync(new Uri(_server.Url, "/hits"));
        }

        using var run2 = CassetteContext.Open("Runs/First then second", new NoNetworkCassettes());

        run2.Mode.ShouldBe(RecordMode.Once);
        (await run2.HttpClient.GetStringAsync(new Uri(_server.Url, "/hits"))).ShouldBe(first);
    }

    [Test]
    [Cassette(Settings = typeof(CiCassettes))]
    public async Task Ci_DefaultsToNone_NeverRecords()
    {
        var context = CassetteContext.Current;
        context.Mode.ShouldBe(RecordMode.None);

        await Should.ThrowAsync<CassetteMismatchException>(() => context.HttpClient.GetAsync(new Uri(_server.Url, "/hits")));

        File.Exists(context.Path).ShouldBeFalse();
    }

    [Test]
    [Cassette(Settings = typeof(CiCassettes), Mode = RecordMode.NewEpisodes)]
    public void Ci_AnExplicitModeWins() => CassetteContext.Current.Mode.ShouldBe(RecordMode.NewEpisodes);

    [Test]
    public void Current_WithoutTheAttribute_SaysWhatToDo() =>
        Should.Throw<InvalidOperationException>(() => CassetteContext.Current).Message.ShouldContain("[Cassette]");

    [Test]
    public void Root_RelativeToTheTestProjectFolder_OrTheEnvironmentVariable()
    {
        var project = Path.Combine(TempCassettes.Dir, "root-test", "MyTests");
        var bin = Path.Combine(project, "bin", "Debug", "net10.0");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(project, "MyTests.csproj"), "<Project />");

        new CassetteSettings().ResolveRoot(bin).ShouldBe(Path.Combine(project, "cassettes"));
        new EnvironmentRoot().ResolveRoot(bin).ShouldBe(Path.Combine(TempCassettes.Dir, "from-env", "cassettes"));
    }

    private sealed class EnvironmentRoot : CassetteSettings
    {
        public override RecorderOptions Options => new() { Environment = n => n == RootVariable ? Path.Combine(TempCassettes.Dir, "from-env") : null };
    }

    [Test]
    public void Names_FixtureFolderAndTestFile_DistinctAfterSanitizing()
    {
        CassetteNames.ForTest("My.Tests.Users.Get", "Get").ShouldBe("My.Tests.Users/Get");
        var slash = CassetteNames.ForTest("My.Tests.Users.Get(\"a/b\")", "Get(\"a/b\")");
        var underscore = CassetteNames.ForTest("My.Tests.Users.Get(\"a_b\")", "Get(\"a_b\")");
        slash.ShouldNotBe(underscore);
        slash.ShouldNotContain("\"");
        CassetteNames.ForTest("X.CON", "CON").ShouldNotBe("X/CON");
        CassettePaths.For(TempCassettes.Dir, CassetteNames.ForTest("X.Y." + new string('a', 500), new string('a', 500))).Length.ShouldBeLessThan(TempCassettes.Dir.Length + 220);
        Should.NotThrow(() => CassettePaths.For(TempCassettes.Dir, CassetteNames.ForTest("..", "..")));
    }
}
