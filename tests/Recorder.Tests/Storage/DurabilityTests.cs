using System.Diagnostics;
using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.RecorderTests.Storage;

/// <summary>Atomic saves and the cross-process lock: a killed writer leaves the old or the new file, and no stale lock.</summary>
public sealed class DurabilityTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"courier-durable-{Guid.NewGuid():N}"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string SaverDll()
    {
        var bin = Path.Combine(Fixtures.RepoRoot, "tests", "Recorder.Tests", "Saver", "bin");
        return Directory.GetFiles(bin, "Saver.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Test]
    public async Task Save_KilledMidWrite_LeavesOldOrNewFileNeverPartial()
    {
        var path = Path.Combine(_dir, "shared.yaml");
        var random = new Random(42);
        for (var round = 0; round < 6; round++)
        {
            using var child = Process.Start(new ProcessStartInfo("dotnet", [SaverDll(), path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            try
            {
                var first = child.StandardOutput.ReadLineAsync();
                (await first.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBe("saved");
                await Task.Delay(random.Next(0, 250));
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }

            var cassette = Cassette.Load(path).ShouldNotBeNull();
            var fill = (char)cassette.Interactions[0].Response.Body[0];
            cassette.Interactions.Count.ShouldBe(fill == 'a' ? 40 : 60, $"round {round}");
            cassette.Interactions.ShouldAllBe(i => i.Response.Body.Length == 64 * 1024 && i.Response.Body.All(b => b == fill));
        }

        // The killed holder's lock died with it: a new save does not wait for a stale lock.
        var stopwatch = Stopwatch.StartNew();
        await new Cassette().SaveAsync(path, new CassetteSaveOptions { LockTimeout = TimeSpan.FromSeconds(5) });
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        Directory.GetFiles(_dir, "*.tmp").ShouldBeEmpty("the next save removes temp files of killed writers");
    }

    [Test]
    public async Task Save_WhileAnotherWriterHoldsTheLock_ThrowsCassetteLocked()
    {
        var path = Path.Combine(_dir, "locked.yaml");
        await using var held = new FileStream(Path.Combine(_dir, ".locked.yaml.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = await Should.ThrowAsync<CassetteLockedException>(() =>
            new Cassette().SaveAsync(path, new CassetteSaveOptions { LockTimeout = TimeSpan.FromMilliseconds(300) }));

        error.Message.ShouldContain("locked.yaml");
        File.Exists(path).ShouldBeFalse();
    }

    [Test]
    public async Task Save_ParallelWriters_NeverInterleave()
    {
        var path = Path.Combine(_dir, "parallel.yaml");
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var cassette = new Cassette(Enumerable.Range(0, 20 + w).Select(i => new Interaction(
                new RecordedRequest { Method = "GET", Uri = $"http://127.0.0.1/{w}/{i}" },
                new RecordedResponse { StatusCode = 200, Body = new byte[4096] })));
            for (var i = 0; i < 5; i++)
            {
                await cassette.SaveAsync(path);
            }
        }));

        await Task.WhenAll(writers);

        var loaded = Cassette.Load(path).ShouldNotBeNull();
        var writer = loaded.Interactions[0].Request.Uri.Split('/')[3];
        loaded.Interactions.Count.ShouldBe(20 + int.Parse(writer, System.Globalization.CultureInfo.InvariantCulture));
        loaded.Interactions.ShouldAllBe(i => i.Request.Uri.Split('/', StringSplitOptions.None)[3] == writer);
    }
}
