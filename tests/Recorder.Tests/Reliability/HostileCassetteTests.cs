using System.Diagnostics;
using System.Text;
using Courier.Recorder;
using RecorderHandler = Courier.Recorder.Recorder;

namespace Courier.RecorderTests.Reliability;

/// <summary>
/// Issue 11's cassette attacks, measured: each hostile file is refused quickly with bounded memory (cassette rows
/// 1, 2, 3 and 5), and a lying Content-Length is never replayed (row 9).
/// </summary>
public sealed class HostileCassetteTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"courier-rel-{Guid.NewGuid():N}"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }

        return yaml.ToString();
    }

    public static IEnumerable<TestCaseData> Hostile()
    {
        yield return new TestCaseData((Func<string>)AliasBomb).SetName("Row3_AliasBomb_TenToTheTenLols_RefusedQuickly");
        yield return new TestCaseData((Func<string>)(() => "interactions: " + new string('[', 10_000) + new string(']', 10_000) + "\nversion: 1\n")).SetName("Row2_TenThousandDeep_RefusedQuickly");
        yield return new TestCaseData((Func<string>)(() => "interactions:\n- request: !!python/object/apply:os.system ['true']\nversion: 1\n")).SetName("Row1_PythonObjectApplyTag_RefusedQuickly");
        yield return new TestCaseData((Func<string>)(() => "interactions:\n- request: !!System.Diagnostics.Process {StartInfo: {FileName: true}}\nversion: 1\n")).SetName("Row1_DotNetTypeTag_RefusedQuickly");
        yield return new TestCaseData((Func<string>)(() => "interactions:\n- request:\n    body: \"" + new string('x', 20 * 1024 * 1024) + "\"\nversion: 1\n")).SetName("Row5_TwentyMegabyteScalar_RefusedAtTheScalarCap");
    }

    [TestCaseSource(nameof(Hostile))]
    public void HostileCassette_IsRefused_Quickly_WithBoundedMemory(Func<string> make)
    {
        var path = Path.Combine(_dir, "hostile.yaml");
        File.WriteAllText(path, make());
        var size = new FileInfo(path).Length;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var error = Should.Throw<CassetteFormatException>(() => Cassette.Load(path));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15)); // generous: a loaded 2-core machine
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Linear in the file (a huge scalar costs about 7x: UTF-16 text plus the scanner), never the expansion.
        allocated.ShouldBeLessThan(Math.Max(64L * 1024 * 1024, 10 * size), $"allocated {allocated:N0} bytes for a {size:N0}-byte file");
        TestContext.Out.WriteLine($"refused in {watch.ElapsedMilliseconds} ms, {allocated:N0} bytes allocated for {size:N0} bytes");
        error.Message.ShouldContain("hostile.yaml");
    }

    [Test]
    public void Row5_HundredMegabyteFile_IsRefusedBeforeReading()
    {
        var path = Path.Combine(_dir, "huge.yaml");
        using (var file = File.Create(path))
        {
            file.SetLength(100L * 1024 * 1024);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        Should.Throw<CassetteFormatException>(() => Cassette.Load(path));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(1024 * 1024);
    }

    [Test]
    public async Task Row9_LyingContentLength_IsNeverReplayed()
    {
        var path = Path.Combine(_dir, "lying.yaml");
        await File.WriteAllTextAsync(path, """
            interactions:
            - request:
                body: null
                headers: {}
                method: GET
                uri: http://127.0.0.1:9/a
              response:
                body: {string: ok}
                headers:
                  Content-Length: ['99']
                status: {code: 200, message: OK}
            version: 1
            """);
        using var recorder = RecorderHandler.Open(path, new HttpClientHandler(), new RecorderOptions { Mode = RecordMode.None, Environment = _ => null });
        using var client = new Client(new ClientOptions { Transport = recorder, Timeouts = new Timeouts(TimeSpan.FromSeconds(5)) });

        var response = await client.GetAsync("http://127.0.0.1:9/a");

        // The recorded 99 is dropped (or recomputed): the client gets the real 2 bytes at once, no hang, no short read.
        response.Text.ShouldBe("ok");
        (response.Headers["Content-Length"] ?? "2").ShouldBe("2");
    }
}
