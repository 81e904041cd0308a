using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Courier.TestUtils;

namespace Courier.CliTests.EndToEnd;

/// <summary><c>courier mock</c> as another language would use it: start it, read its URL, call it, stop it.</summary>
public sealed class MockCommandTests
{
    [Test]
    public async Task Mock_ServesWireMockMappings_PrintsItsUrl_AndStopsCleanlyOnSigterm()
    {
        using var process = CliProcess.Start(["mock", "--mappings", Fixtures.Path("wiremock", "remoteloader")]);
        var stderr = process.StandardError.ReadToEndAsync();

        Uri? url = null;
        var clock = Stopwatch.StartNew();
        while (url is null && clock.Elapsed < CliProcess.Limit && !process.HasExited)
        {
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                break;
            }

            var match = Regex.Match(line, @"http://127\.0\.0\.1:\d+");
            url = match.Success ? new Uri(match.Value) : null;
        }

        url.ShouldNotBeNull($"courier mock printed no URL; stderr: {(process.HasExited ? await stderr : "(still running)")}");
        using var client = new Client(new ClientOptions { BaseUrl = url, TrustEnv = false });
        (await client.GetAsync("/remote-load/1")).Text.ShouldBe("Remote load 1");
        var unmatched = await client.GetAsync("/nothing-here");
        unmatched.StatusCode.ShouldBe(404);
        unmatched.Text.ShouldContain("Request was not matched");

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await CliProcess.WaitAsync(process);
        process.ExitCode.ShouldBe(0, await stderr);
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task Mock_SignalledTheMomentItPrintsItsUrl_StopsCleanly(string signal)
    {
        using var process = CliProcess.Start(["mock"]);
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CliProcess.Limit);
        var line = await process.StandardOutput.ReadLineAsync(limit.Token);
        line.ShouldNotBeNull();
        line.ShouldStartWith("http://127.0.0.1:");

        // No request first: the signal races the command's start-up, as a script that only wanted the URL would.
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await CliProcess.WaitAsync(process);
        var errors = await stderr;
        process.ExitCode.ShouldBe(0, errors);
        errors.ShouldContain("courier mock: stopped after 0 requests.");
    }
}
