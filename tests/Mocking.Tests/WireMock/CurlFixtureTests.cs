using System.Diagnostics;
using Courier.Mocking;
using Courier.TestUtils;

namespace Courier.MockingTests.WireMock;

/// <summary>The fixture folders answered to a client nobody here wrote: Debian's curl.</summary>
[Category("Tool:curl")]
public sealed class CurlFixtureTests
{
    [Test]
    public async Task RemoteLoader_ThroughCurl()
    {
        var curl = Tools.Require("curl", "curl");
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });

        (await CurlAsync(curl, server, "/remote-load/1")).Body.ShouldBe("Remote load 1");
        (await CurlAsync(curl, server, "/remote-load/2", "-H", "Accept: text/plain")).Body.ShouldBe("Remote load 2");
        (await CurlAsync(curl, server, "/todo/items")).Body.ShouldBe("<items><item>Buy milk</item></items>");
        (await CurlAsync(curl, server, "/todo/items", "-d", "Cancel newspaper subscription")).Status.ShouldBe(201);
        (await CurlAsync(curl, server, "/todo/items")).Body.ShouldContain("Cancel newspaper subscription</item>");
        var png = Path.Combine(Path.GetTempPath(), $"courier-{Guid.NewGuid():N}.png");
        try
        {
            await CurlAsync(curl, server, "/image-file", "-o", png);
            (await File.ReadAllBytesAsync(png)).ShouldBe(await File.ReadAllBytesAsync(Fixtures.Path("wiremock", "remoteloader", "__files", "favicon3.png")));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Test]
    public async Task OtherFolders_ThroughCurl()
    {
        var curl = Tools.Require("curl", "curl");
        await using var multi = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "multi-stub") });
        await using var canned = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-requests") });
        await using var classpath = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "classpath-filesource") });
        await using var fileRoot = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-file-root") });

        (await CurlAsync(curl, multi, "/multi/3")).Status.ShouldBe(200);
        (await CurlAsync(curl, multi, "/single/1")).Status.ShouldBe(200);
        var denied = await CurlAsync(curl, canned, "/canned/resource/2");
        denied.Status.ShouldBe(401);
        denied.Body.ShouldBe("Not allowed!");
        (await CurlAsync(curl, classpath, "/test")).Body.ShouldBe("THINGS!");
        (await CurlAsync(curl, fileRoot, "/testjsonmapping")).Body.ShouldContain("\"bignumber\":1234567890.12,\"integer_as_float\":2.0");
        var unmatched = await CurlAsync(curl, fileRoot, "/nothing");
        unmatched.Status.ShouldBe(404);
        unmatched.Body.ShouldContain("Request was not matched");
    }

    [Test]
    public async Task Sample_HeaderPatterns_ThroughCurl()
    {
        var curl = Tools.Require("curl", "curl");
        await using var server = await MockServer.StartAsync();
        server.LoadMappingFile(Fixtures.Path("wiremock", "sample.json"));

        (await CurlAsync(curl, server, "/my/other/resource", "-H", "Content-Type: text/xml", "-H", "Accept: application/xml", "-H", "Etag: fine")).Body.ShouldBe("YES INDEED!");
        (await CurlAsync(curl, server, "/my/other/resource", "-H", "Content-Type: text/xml", "-H", "Accept: application/xml", "-H", "Etag: s0912lksjdXX")).Status.ShouldBe(404);
    }

    [Test]
    public async Task Faults_ThroughCurl()
    {
        var curl = Tools.Require("curl", "curl");
        await using var server = await MockServer.StartAsync();
        server.AddMappings("""
            {"mappings": [
              {"request": {"url": "/reset"}, "response": {"fault": "CONNECTION_RESET_BY_PEER"}},
              {"request": {"url": "/empty"}, "response": {"fault": "EMPTY_RESPONSE"}},
              {"request": {"url": "/chunk"}, "response": {"fault": "MALFORMED_RESPONSE_CHUNK"}},
              {"request": {"url": "/random"}, "response": {"fault": "RANDOM_DATA_THEN_CLOSE"}}
            ]}
            """);

        (await CurlAsync(curl, server, "/reset")).ExitCode.ShouldBe(56); // CURLE_RECV_ERROR: connection reset
        (await CurlAsync(curl, server, "/empty")).ExitCode.ShouldBe(52); // CURLE_GOT_NOTHING: empty reply
        (await CurlAsync(curl, server, "/chunk")).ExitCode.ShouldBeOneOf(56, 18); // bad chunk / transfer closed
        (await CurlAsync(curl, server, "/random")).ExitCode.ShouldNotBe(0);
    }

    [Test]
    public async Task Https_GeneratedCa_Http2ByAlpn_ThroughCurl()
    {
        var curl = Tools.Require("curl", "curl");
        await using var server = await MockServer.StartAsync(new MockServerOptions { Https = true, MappingsDirectory = Fixtures.Path("wiremock", "classpath-filesource") });
        var ca = Path.Combine(Path.GetTempPath(), $"courier-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(ca, server.CaCertificate!.ExportCertificatePem());
        try
        {
            var answer = await CurlAsync(curl, server, "/test", "--cacert", ca, "--http2");
            answer.Body.ShouldBe("THINGS!");
            answer.Status.ShouldBe(200);
            answer.Version.ShouldBe("2");
            (await CurlAsync(curl, server, "/test", "--http2", "-o", "/dev/null")).ExitCode.ShouldBe(60); // untrusted without the CA
        }
        finally
        {
            File.Delete(ca);
        }
    }

    private static async Task<(int ExitCode, int Status, string Body, string Version)> CurlAsync(string curl, MockServer server, string path, params string[] extra)
    {
        var info = new ProcessStartInfo(curl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-sS", "--max-time", "20", "-w", "\n%{http_code} %{http_version}", .. extra, server.At(path).ToString()])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var split = output.LastIndexOf('\n');
        var trailer = output[(split + 1)..].Split(' ');
        var status = int.TryParse(trailer[0], out var code) ? code : 0;
        return (process.ExitCode, status, split < 0 ? string.Empty : output[..split], trailer.Length > 1 ? trailer[1] : string.Empty);
    }
}
