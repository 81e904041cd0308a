using System.Diagnostics;
using Courier.TestUtils;

namespace Courier.CliTests.EndToEnd;

/// <summary><c>--download</c>: the file holds the body; a failure or Ctrl+C leaves no file (not even a temp file).</summary>
public sealed class DownloadTests
{
    private LoopbackServer _server = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await SampleServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("courier-download-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Download_WritesTheWholeBody_AndNothingElse()
    {
        var target = Path.Combine(_folder, "data.bin");

        var result = await CliProcess.RunAsync([_server.At("/bytes/300000"), "--download", target]);

        result.ExitCode.ShouldBe(0, result.ToString());
        (await File.ReadAllBytesAsync(target)).ShouldBe(SampleServer.Bytes(300_000));
        Directory.GetFiles(_folder).ShouldBe([target]);
        result.Stdout.ShouldContain("Saved 293 KiB (300,000 bytes) to " + target);
    }

    [Test]
    public async Task Download_ServerAbortsMidBody_ExitsOneAndLeavesNoFile()
    {
        var target = Path.Combine(_folder, "broken.bin");

        var result = await CliProcess.RunAsync([_server.At("/broken"), "--download", target]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.Trim().ShouldStartWith("courier: error: ");
        result.Stderr.Trim().ShouldNotContain("\n");
        Directory.GetFileSystemEntries(_folder).ShouldBeEmpty();
    }

    [Test]
    public async Task Download_ServerAbortsMidBody_KeepsAnExistingFileUnchanged()
    {
        var target = Path.Combine(_folder, "previous.bin");
        await File.WriteAllTextAsync(target, "the previous download");

        var result = await CliProcess.RunAsync([_server.At("/broken"), "--download", target]);

        result.ExitCode.ShouldBe(1, result.ToString());
        (await File.ReadAllTextAsync(target)).ShouldBe("the previous download");
        Directory.GetFileSystemEntries(_folder).ShouldBe([target]);
    }

    [Test]
    public async Task Download_CtrlC_LeavesNoFile()
    {
        var target = Path.Combine(_folder, "slow.bin");
        using var process = CliProcess.Start([_server.At("/slow"), "--download", target]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var clock = Stopwatch.StartNew();
        while (Directory.GetFiles(_folder).Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            await Task.Delay(100);
        }

        Directory.GetFiles(_folder).ShouldNotBeEmpty("the download should have started a temp file");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await CliProcess.WaitAsync(process);
        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        result.ExitCode.ShouldBe(130, result.ToString());
        result.Stderr.ShouldContain("cancelled");
        Directory.GetFileSystemEntries(_folder).ShouldBeEmpty();
    }

    [Test]
    [Category("Tool:script")]
    public async Task Download_InATerminal_ShowsAProgressBarWithSizeSpeedAndTimeLeft()
    {
        var script = Tools.Require("script", "bsdutils");
        var target = Path.Combine(_folder, "paced.bin");

        var result = await CliProcess.RunInTerminalAsync(script, [_server.At("/paced"), "--download", target]);

        result.ExitCode.ShouldBe(0, result.ToString());
        new FileInfo(target).Length.ShouldBe(20 * 16 * 1024);
        var screen = CliProcess.StripAnsi(result.Stdout);
        screen.ShouldContain("━", customMessage: "the bar");
        screen.ShouldMatch(@"(?s).*320\.0 KB.*", "the size column");
        screen.ShouldMatch(@"(?s).*[0-9.]+ [KMG]?B/s.*", "the speed column");
        screen.ShouldMatch(@"(?s).*\d\d:\d\d:\d\d.*", "the time-left column");
        screen.ShouldContain("Saved 320 KiB (327,680 bytes)");
    }
}
