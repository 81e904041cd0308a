namespace Courier.CliTests.EndToEnd;

/// <summary><c>courier demo</c> runs against its own loopback server.</summary>
public sealed class DemoCommandTests
{
    [Test]
    public async Task Demo_ExitsZero_AndShowsTheThreeSamples()
    {
        var result = await CliProcess.RunAsync(["demo"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("1. JSON");
        result.Stdout.ShouldContain("\"name\": \"courier\"");
        result.Stdout.ShouldContain("2. Redirect");
        result.Stdout.ShouldContain("302 Found  GET /redirect → Location: /json");
        result.Stdout.ShouldContain("3. Stream");
        result.Stdout.ShouldContain("line 5 of 5");
        result.Stdout.ShouldContain("All three samples worked.");
    }
}
