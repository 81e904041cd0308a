using Courier.TestUtils;

namespace Courier.CliTests.EndToEnd;

/// <summary>The terminal rendering of the built command with a forced width (COLUMNS), with colour (FORCE_COLOR) and without.</summary>
public sealed class TerminalRenderingTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await SampleServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task ForcedColour_WritesEscapeCodes_AndWrapsAtTheForcedWidth()
    {
        var result = await CliProcess.RunAsync([_server.At("/long-header")], new Dictionary<string, string> { ["FORCE_COLOR"] = "1", ["COLUMNS"] = "40" });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("\u001b[");
        var plain = CliProcess.StripAnsi(result.Stdout).ReplaceLineEndings("\n").Split('\n');
        plain[0].ShouldBe("HTTP/1.1 200 OK");
        plain.ShouldAllBe(line => line.Length <= 40);
        plain.ShouldContain(line => line.StartsWith("X-Long: word1 word2", StringComparison.Ordinal));
        plain.ShouldContain(line => line.Contains("word30", StringComparison.Ordinal) && !line.StartsWith("X-Long", StringComparison.Ordinal));
    }

    [Test]
    public async Task NoColor_WinsOverForcedColour_AndDoesNotWrap()
    {
        var result = await CliProcess.RunAsync([_server.At("/long-header"), "--no-color"], new Dictionary<string, string> { ["FORCE_COLOR"] = "1", ["COLUMNS"] = "40" });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldNotContain("\u001b[");
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        lines.ShouldContain("X-Long: " + string.Join(' ', Enumerable.Range(1, 30).Select(i => $"word{i}")));
    }
}
