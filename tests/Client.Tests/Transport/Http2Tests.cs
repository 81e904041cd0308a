using System.Security.Cryptography.X509Certificates;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Courier.ClientTests.Transport;

public class Http2Tests
{
    private static Task<LoopbackServer> StartAsync(HttpProtocols protocols, bool tls) => LoopbackServer.StartAsync(
        app =>
        {
            app.MapGet("/", (HttpContext ctx) => ctx.Request.Protocol);
            app.MapGet("/slow", async (HttpContext ctx) =>
            {
                await Task.Delay(200);
                return ctx.Request.Protocol;
            });
        },
        protocols,
        tls ? TestCertificates.Server : null);

    private static ClientOptions Trusting(LoopbackServer server, bool http1 = true, bool http2 = true) => new()
    {
        BaseUrl = server.Url,
        Http1 = http1,
        Http2 = http2,
        CaCertificates = [TestCertificates.Ca],
        Timeouts = new Timeouts(TimeSpan.FromSeconds(30)),
    };

    [Test]
    public async Task Alpn_NegotiatesHttp2OverTls()
    {
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2, tls: true);
        using var client = new Client(Trusting(server));

        var response = await client.GetAsync("/");

        response.HttpVersion.ShouldBe("HTTP/2");
        response.Text.ShouldBe("HTTP/2");
    }

    [Test]
    public async Task Alpn_FallsBackToHttp11_WhenTheServerDoesNotOfferHttp2()
    {
        await using var server = await StartAsync(HttpProtocols.Http1, tls: true);
        using var client = new Client(Trusting(server));

        var response = await client.GetAsync("/");

        response.HttpVersion.ShouldBe("HTTP/1.1");
        response.Text.ShouldBe("HTTP/1.1");
    }

    [Test]
    public async Task Http2Off_SpeaksHttp11_EvenWhenOffered()
    {
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2, tls: true);
        using var client = new Client(Trusting(server, http2: false));

        (await client.GetAsync("/")).HttpVersion.ShouldBe("HTTP/1.1");
    }

    [Test]
    public async Task H2c_PriorKnowledge_WhenHttp1IsOff()
    {
        await using var server = await StartAsync(HttpProtocols.Http2, tls: false);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Http1 = false, Http2 = true });

        var response = await client.GetAsync("/");

        response.HttpVersion.ShouldBe("HTTP/2");
        response.Text.ShouldBe("HTTP/2");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Concurrent100_ShareOneConnection(bool tls)
    {
        await using var server = await StartAsync(tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2, tls);
        using var client = new Client(Trusting(server, http1: tls));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/slow")));

        responses.ShouldAllBe(r => r.HttpVersion == "HTTP/2");
        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task Concurrent100_OverHttp2_AreNotCappedByMaxConnections()
    {
        await using var server = await StartAsync(HttpProtocols.Http2, tls: false);
        using var client = new Client(Trusting(server, http1: false) with { Limits = new Limits { MaxConnections = 1 }, Timeouts = new Timeouts(read: TimeSpan.FromSeconds(30), pool: TimeSpan.FromMilliseconds(500)) });

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/slow")));

        responses.Length.ShouldBe(100);
        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    [Category("Tool:nghttpd")]
    public async Task Nghttpd_ServesHttp2ToCourier()
    {
        var nghttpd = Tools.Require("nghttpd", "nghttp2-server");
        var dir = Directory.CreateTempSubdirectory("courier-nghttpd-");
        try
        {
            var key = Path.Combine(dir.FullName, "key.pem");
            await File.WriteAllTextAsync(key, TestCertificates.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            var cert = TestCertificates.WritePem(TestCertificates.Server, dir.FullName);
            var docs = Directory.CreateDirectory(Path.Combine(dir.FullName, "htdocs")).FullName;
            await File.WriteAllTextAsync(Path.Combine(docs, "hello.txt"), "hello from nghttpd");
            await using var server = await ToolProcess.StartAsync(nghttpd, port => ["-a", "127.0.0.1", "-d", docs, port.ToString(System.Globalization.CultureInfo.InvariantCulture), key, cert]);
            using var client = new Client(new ClientOptions { Http2 = true, CaCertificates = [TestCertificates.Ca] });

            var response = await client.GetAsync($"https://127.0.0.1:{server.Port}/hello.txt");

            response.HttpVersion.ShouldBe("HTTP/2");
            response.Text.ShouldBe("hello from nghttpd");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
