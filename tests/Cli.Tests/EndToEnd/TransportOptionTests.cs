using Courier.TestUtils;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Courier.CliTests.EndToEnd;

/// <summary><c>--proxy</c> and <c>--http2</c> reach the transport.</summary>
public sealed class TransportOptionTests
{
    [Test]
    public async Task Proxy_SendsTheRequestToTheProxy()
    {
        await using var proxy = await SampleServer.StartAsync();

        // 127.0.0.2:9 has no listener: only a request sent through the proxy (in absolute form) gets an answer.
        var result = await CliProcess.RunAsync(["http://127.0.0.2:9/json", "--proxy", proxy.Url.ToString()]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("\"name\": \"courier\"");
        proxy.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task Http2_NegotiatesHttp2OverTls()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await SampleServer.StartAsync(certificate, HttpProtocols.Http1AndHttp2);

        var result = await CliProcess.RunAsync([server.At("/json"), "--http2", "--no-verify"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldStartWith("HTTP/2 200 OK");
    }
}
