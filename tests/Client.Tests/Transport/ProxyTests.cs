using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Courier.ClientTests.Transport;

/// <summary>tinyproxy, started per test with a generated config, as a real forward proxy.</summary>
internal sealed class Tinyproxy : IAsyncDisposable
{
    private readonly ToolProcess _process;
    private readonly DirectoryInfo _dir;

    private Tinyproxy(ToolProcess process, DirectoryInfo dir)
    {
        _process = process;
        _dir = dir;
    }

    public Uri Url => new($"http://127.0.0.1:{_process.Port}");

    public string Log => File.Exists(Path.Combine(_dir.FullName, "tinyproxy.log")) ? File.ReadAllText(Path.Combine(_dir.FullName, "tinyproxy.log")) : string.Empty;

    /// <summary>Starts tinyproxy; tinyproxy refuses "Port 0", so the port comes from <see cref="ToolProcess"/>.</summary>
    public static async Task<Tinyproxy> StartAsync(string? basicAuth = null, string? connectPort = null)
    {
        var exe = Tools.Require("tinyproxy", "tinyproxy");
        var dir = Directory.CreateTempSubdirectory("courier-tinyproxy-");
        var process = await ToolProcess.StartAsync(exe, port =>
        {
            var config = Path.Combine(dir.FullName, $"tinyproxy-{port}.conf");
            File.WriteAllLines(config,
            [
                $"Port {port}",
                "Listen 127.0.0.1",
                "Timeout 30",
                "LogLevel Info",
                $"LogFile \"{Path.Combine(dir.FullName, "tinyproxy.log")}\"",
                "MaxClients 50",
                .. basicAuth is null ? Array.Empty<string>() : [$"BasicAuth {basicAuth}"],
                .. connectPort is null ? Array.Empty<string>() : [$"ConnectPort {connectPort}"],
            ]);
            return ["-d", "-c", config];
        });
        return new Tinyproxy(process, dir);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _dir.Delete(recursive: true);
    }
}

[Category("Tool:tinyproxy")]
public class ProxyTests
{
    internal static Task<LoopbackServer> StartTargetAsync(bool tls = false) => LoopbackServer.StartAsync(
        app => app.MapGet("/", (HttpContext ctx) => ctx.Request.Headers.Via.ToString() is { Length: > 0 } via ? "via " + via : "direct"),
        HttpProtocols.Http1,
        tls ? TestCertificates.Server : null);

    [Test]
    public async Task ExplicitProxy_WithCredentials_CarriesHttpRequests()
    {
        await using var proxy = await Tinyproxy.StartAsync(basicAuth: "courier s3cret");
        await using var target = await StartTargetAsync();
        using var client = new Client(new ClientOptions { Proxy = new Uri($"http://courier:s3cret@127.0.0.1:{proxy.Url.Port}") });
        using var noCredentials = new Client(new ClientOptions { Proxy = proxy.Url });

        (await client.GetAsync(target.Url.ToString())).Text.ShouldContain("tinyproxy");
        (await noCredentials.GetAsync(target.Url.ToString())).StatusCode.ShouldBe(407);
    }

    [Test]
    public async Task ExplicitProxy_HttpsGoesThroughConnect()
    {
        await using var proxy = await Tinyproxy.StartAsync(basicAuth: "courier s3cret");
        await using var target = await StartTargetAsync(tls: true);
        using var client = new Client(new ClientOptions
        {
            Proxy = new Uri($"http://courier:s3cret@127.0.0.1:{proxy.Url.Port}"),
            CaCertificates = [TestCertificates.Ca],
        });

        // End-to-end TLS: the proxy cannot add Via; its log shows the tunnel.
        (await client.GetAsync(target.Url.ToString())).Text.ShouldBe("direct");
        proxy.Log.ShouldContain($"CONNECT 127.0.0.1:{target.Url.Port}");
    }

    [Test]
    public async Task ProxyRefusingTheTunnel_ThrowsProxyException()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPort: "443");
        await using var target = await StartTargetAsync(tls: true);
        using var client = new Client(new ClientOptions { Proxy = proxy.Url, CaCertificates = [TestCertificates.Ca] });

        var ex = await Should.ThrowAsync<ProxyException>(() => client.GetAsync(target.Url.ToString()));

        ex.Message.ShouldContain("proxy");
    }

    [Test]
    public async Task ProxyDown_ThrowsProxyException()
    {
        await using var target = await StartTargetAsync();
        using var client = new Client(new ClientOptions { Proxy = new Uri($"http://127.0.0.1:{RetryTests.FreePort()}") });

        await Should.ThrowAsync<ProxyException>(() => client.GetAsync(target.Url.ToString()));
    }
}

[NonParallelizable]
[Category("Tool:tinyproxy")]
public class ProxyEnvironmentTests
{
    private static readonly string[] Names = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy"];

    [Test]
    public async Task HttpProxy_IsUsedWhenTrustEnv_AndNoProxyBypassesIt()
    {
        await using var proxy = await Tinyproxy.StartAsync();
        await using var target = await StartTargetAsync();

        await WithEnvironment(new() { ["HTTP_PROXY"] = proxy.Url.ToString() }, async () =>
        {
            using var trusting = new Client(new ClientOptions());
            using var ignoring = new Client(new ClientOptions { TrustEnv = false });
            (await trusting.GetAsync(target.Url.ToString())).Text.ShouldStartWith("via");
            (await ignoring.GetAsync(target.Url.ToString())).Text.ShouldBe("direct");
        });
        await WithEnvironment(new() { ["HTTP_PROXY"] = proxy.Url.ToString(), ["NO_PROXY"] = "localhost,127.0.0.1" }, async () =>
        {
            using var client = new Client(new ClientOptions());
            (await client.GetAsync(target.Url.ToString())).Text.ShouldBe("direct");
        });
    }

    [Test]
    public async Task HttpsProxy_AndAllProxy_FromTheEnvironment()
    {
        await using var proxy = await Tinyproxy.StartAsync();
        await using var plain = await StartTargetAsync();
        await using var secure = await StartTargetAsync(tls: true);

        await WithEnvironment(new() { ["HTTPS_PROXY"] = proxy.Url.ToString() }, async () =>
        {
            using var client = new Client(new ClientOptions { CaCertificates = [TestCertificates.Ca] });
            (await client.GetAsync(secure.Url.ToString())).Text.ShouldBe("direct");
            (await client.GetAsync(plain.Url.ToString())).Text.ShouldBe("direct"); // http is not covered by HTTPS_PROXY
        });
        proxy.Log.ShouldContain($"CONNECT 127.0.0.1:{secure.Url.Port}");
        await WithEnvironment(new() { ["all_proxy"] = proxy.Url.ToString() }, async () =>
        {
            using var client = new Client(new ClientOptions());
            (await client.GetAsync(plain.Url.ToString())).Text.ShouldStartWith("via");
        });
    }

    private static Task<LoopbackServer> StartTargetAsync(bool tls = false) => ProxyTests.StartTargetAsync(tls);

    private static async Task WithEnvironment(Dictionary<string, string> values, Func<Task> action)
    {
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in Names)
            {
                Environment.SetEnvironmentVariable(name, values.GetValueOrDefault(name));
            }

            await action();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
