using System.Net;
using Courier.Mocking;
using Courier.Mocking.WireMock;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.MockingTests.Reliability;

/// <summary>
/// RELIABILITY.md stub server row 8: <c>proxyBaseUrl</c> connects only to allowed addresses, checked on the resolved
/// address of every connection. Every target here is a loopback listener that counts connections; allow-lists that
/// leave loopback out show 0 connects, and host names are resolved by a test hook, never by outside DNS.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class ProxyTargetTests
{
    private static Task<LoopbackServer> TargetAsync(Action<WebApplication>? configure = null) =>
        LoopbackServer.StartAsync(app =>
        {
            configure?.Invoke(app);
            app.MapGet("/p", () => "from target");
        });

    private static async Task<(MockServer Server, HttpClient Http)> ProxyAsync(string proxyBaseUrl, MockServerOptions options)
    {
        var server = await MockServer.StartAsync(options);
        server.AddMappings($$$"""{"request": {"urlPathPattern": "/.*"}, "response": {"proxyBaseUrl": "{{{proxyBaseUrl}}}"}}""");
        return (server, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = server.Url });
    }

    [TestCase("http://2130706433:PORT", TestName = "Row8_DecimalIp_OfAnAddressNotAllowed_ZeroConnects")]
    [TestCase("http://[::ffff:127.0.0.1]:PORT", TestName = "Row8_Ipv4MappedIp_OfAnAddressNotAllowed_ZeroConnects")]
    [TestCase("http://0x7f.0.0.1:PORT", TestName = "Row8_HexIp_OfAnAddressNotAllowed_ZeroConnects")]
    public async Task Row8_LiteralForms_AreCheckedAsTheAddressTheyMean(string url)
    {
        await using var target = await TargetAsync();
        var (server, http) = await ProxyAsync(url.Replace("PORT", target.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            new MockServerOptions { ProxyAllowList = ["192.0.2.0/24"] });
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/p");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("refused to connect");
        text.ShouldContain("127.0.0.1");
        text.ShouldContain("MockServerOptions.ProxyAllowList");
        target.ConnectionsAccepted.ShouldBe(0);
    }

    [Test]
    public async Task Row8_LiteralForms_ReachTheTarget_WhenTheirAddressIsAllowed()
    {
        // The same forms with loopback allowed (the default) do connect: the refusal above is the allow-list's doing.
        await using var target = await TargetAsync();
        var (server, http) = await ProxyAsync($"http://[::ffff:127.0.0.1]:{target.Url.Port}", new MockServerOptions());
        await using var _ = server;
        using var __ = http;

        (await http.GetStringAsync("/p")).ShouldBe("from target");
        target.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task Row8_NamedHost_ResolvingToAnInternalAddress_IsRefused_ZeroConnects()
    {
        // The name is allowed; the address it resolves to (loopback, like metadata or private ranges: not public) is not.
        await using var target = await TargetAsync();
        var resolved = new List<string>();
        var (server, http) = await ProxyAsync($"http://api.rebind.test:{target.Url.Port}", new MockServerOptions
        {
            ProxyAllowList = ["api.rebind.test"],
            ProxyResolver = (host, _) =>
            {
                lock (resolved)
                {
                    resolved.Add(host);
                }

                return ValueTask.FromResult(new[] { IPAddress.Parse("::ffff:127.0.0.1"), IPAddress.Loopback });
            },
        });
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/p");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).ShouldContain("refused to connect to api.rebind.test (127.0.0.1, 127.0.0.1)");
        resolved.ShouldBe(["api.rebind.test"]);
        target.ConnectionsAccepted.ShouldBe(0);
    }

    [Test]
    public async Task Row8_RebindingHostname_IsCheckedAgainOnEveryConnection()
    {
        // First resolution: an allowed address; the target closes the connection, so the second request connects anew
        // and the name now resolves to an address not allowed: refused, and the listener sees no second connection.
        await using var target = await TargetAsync(app => app.Use(async (context, next) =>
        {
            context.Response.Headers.Connection = "close";
            await next(context);
        }));
        var calls = 0;
        var (server, http) = await ProxyAsync($"http://api.rebind.test:{target.Url.Port}", new MockServerOptions
        {
            ProxyAllowList = ["api.rebind.test", "127.0.0.1"],
            ProxyResolver = (_, _) => ValueTask.FromResult(new[] { Interlocked.Increment(ref calls) == 1 ? IPAddress.Loopback : IPAddress.Parse("127.0.0.2") }),
        });
        await using var _ = server;
        using var __ = http;

        (await http.GetStringAsync("/p")).ShouldBe("from target");
        using var second = await http.GetAsync("/p");

        second.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await second.Content.ReadAsStringAsync()).ShouldContain("refused to connect to api.rebind.test (127.0.0.2)");
        calls.ShouldBe(2);
        target.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task Row8_OnlyAllowedCandidates_AreConnected()
    {
        // The name resolves to 127.0.0.1 (where the target listens, not allowed) and ::1 (allowed, nothing listens):
        // only ::1 is tried, so the target sees 0 connections and the error names ::1 alone.
        await using var target = await TargetAsync();
        var (server, http) = await ProxyAsync($"http://api.mixed.test:{target.Url.Port}", new MockServerOptions
        {
            ProxyAllowList = ["api.mixed.test", "::1"],
            ProxyResolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("::ffff:127.0.0.1"), IPAddress.IPv6Loopback }),
        });
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/p");

        target.ConnectionsAccepted.ShouldBe(0);
        ((int)response.StatusCode).ShouldBe(500);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"could not connect to api.mixed.test:{target.Url.Port} (::1)");
    }

    [Test]
    public async Task Row8_RedirectFromTheTarget_IsPassedBack_NeverFollowed()
    {
        await using var elsewhere = await TargetAsync();
        await using var target = await LoopbackServer.StartAsync(app =>
            app.MapGet("/p", () => Results.Redirect($"http://127.0.0.1:{elsewhere.Url.Port}/p")));
        var (server, http) = await ProxyAsync($"http://127.0.0.1:{target.Url.Port}", new MockServerOptions());
        await using var _ = server;
        using var __ = http;

        using var response = await http.GetAsync("/p");

        ((int)response.StatusCode).ShouldBe(302);
        response.Headers.Location!.ToString().ShouldBe($"http://127.0.0.1:{elsewhere.Url.Port}/p");
        target.ConnectionsAccepted.ShouldBe(1);
        elsewhere.ConnectionsAccepted.ShouldBe(0);
    }

    [TestCase("http://2852039166/", TestName = "Row8_DecimalMetadataIp_IsRefusedAtLoad")]
    [TestCase("http://[::ffff:169.254.169.254]/", TestName = "Row8_Ipv4MappedMetadataIp_IsRefusedAtLoad")]
    [TestCase("http://10.1.2.3/", TestName = "Row8_PrivateIp_IsRefusedAtLoad")]
    [TestCase("http://[fe80::1]/", TestName = "Row8_LinkLocalV6_IsRefusedAtLoad")]
    public async Task Row8_NonLoopbackLiterals_AreRefusedAtLoad(string url)
    {
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<WireMockMappingException>(() => server.AddMappings($$$"""{"request": {}, "response": {"proxyBaseUrl": "{{{url}}}"}}"""));

        error.JsonPath.ShouldBe("$.response.proxyBaseUrl");
        error.Message.ShouldContain("ProxyAllowList");
    }

    [TestCase("10.0.0.0/33")]
    [TestCase("2130706433")]
    [TestCase("not a host")]
    public async Task Row8_BadAllowListEntry_IsRefusedAtStart(string entry)
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => MockServer.StartAsync(new MockServerOptions { ProxyAllowList = [entry] }));

        error.Message.ShouldContain(entry);
        error.ParamName.ShouldBe("ProxyAllowList");
    }
}
