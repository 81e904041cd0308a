using System.Net;
using System.Net.Sockets;
using Courier.TestUtils;

namespace Courier.CliTests.EndToEnd;

/// <summary>Usage errors exit 2 with the usage line; transport errors exit 1 with one line naming the failure.</summary>
public sealed class ExitCodeTests
{
    [TestCase(new string[0], "Missing argument 'URL'", TestName = "UsageError_NoUrl_ExitsTwo")]
    [TestCase(new[] { "http://127.0.0.1:9/", "-p", "only-a-name" }, "-p", TestName = "UsageError_PairOptionWithOneValue_ExitsTwo")]
    [TestCase(new[] { "http://127.0.0.1:9/", "-j", "{not json" }, "--json is not valid JSON", TestName = "UsageError_InvalidJson_ExitsTwo")]
    [TestCase(new[] { "http://127.0.0.1:9/", "-h", "X-Bad", "a\r\nInjected: 1" }, "--headers 'X-Bad'", TestName = "UsageError_CrLfInHeaderValue_ExitsTwoBeforeSending")]
    [TestCase(new[] { "http://127.0.0.1:9/", "-f", "upload", "/nonexistent/courier-file.txt" }, "does not exist", TestName = "UsageError_MissingUploadFile_ExitsTwo")]
    public async Task UsageError_ExitsTwoWithTheUsageLine(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(args);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldStartWith("Usage: courier [OPTIONS] URL");
        result.Stderr.ShouldContain(message);
        result.Stdout.ShouldBeEmpty();
    }

    [Test]
    public async Task ConnectionRefused_ExitsOneWithOneLineAndNoStackTrace()
    {
        var result = await CliProcess.RunAsync([$"http://127.0.0.1:{ClosedPort()}/"]);

        result.ExitCode.ShouldBe(1, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, result.ToString());
        lines[0].ShouldStartWith("courier: error: connection refused: ");
        result.Stderr.ShouldNotContain(" at ");
    }

    [Test]
    public async Task ReadTimeout_Verbose_NamesTheTimeoutAndShowsTheStackTrace()
    {
        await using var server = await SampleServer.StartAsync();

        var result = await CliProcess.RunAsync([server.At("/stall"), "--timeout", "1", "--verbose"]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("courier: error: read timeout: ");
        result.Stderr.ShouldContain("ReadTimeoutException");
        result.Stderr.ShouldContain(" at ");
    }

    [Test]
    public async Task SelfSignedCertificate_FailsWithTlsError_AndNoVerifyAccepts()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await SampleServer.StartAsync(certificate);

        var refused = await CliProcess.RunAsync([server.At("/json")]);
        var accepted = await CliProcess.RunAsync([server.At("/json"), "--no-verify"]);

        refused.ExitCode.ShouldBe(1, refused.ToString());
        refused.Stderr.Trim().ShouldStartWith("courier: error: TLS error: ");
        refused.Stderr.Trim().ShouldNotContain("\n");
        accepted.ExitCode.ShouldBe(0, accepted.ToString());
        accepted.Stdout.ShouldStartWith("HTTP/1.1 200 OK");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
