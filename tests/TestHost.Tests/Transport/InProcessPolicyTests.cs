using Courier.TestHost;
using Courier.TestHostTests.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>RELIABILITY.md rows 6, 12 and 15: the client's policies and the app's callbacks in-process.</summary>
public sealed class InProcessPolicyTests
{
    private InProcessHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await SampleHost.StartInProcessAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Row6_RedirectToAnotherHost_DropsCredentials_BeforeTheAppSeesTheHop()
    {
        await using var client = _host.CreateClient(new ClientOptions { FollowRedirects = true, Auth = new BasicAuth(Sample.SampleApp.User, Sample.SampleApp.Password) });

        // Every host reaches the same in-memory app (as with httpx's ASGITransport); the client's redirect policy still
        // treats elsewhere.test as another origin, so the app sees that hop without the credentials.
        var response = await client.GetAsync("/redirect-to?url=" + Uri.EscapeDataString("http://elsewhere.test/private"));

        response.Request.Url.Host.ShouldBe("elsewhere.test");
        response.Request.Headers.Contains("Authorization").ShouldBeFalse();
        response.StatusCode.ShouldBe(401);
    }

    [Test]
    public async Task Row12_TwoClientsOnOneApp_DoNotShareCookies()
    {
        await using var first = _host.CreateClient();
        await using var second = _host.CreateClient();

        await first.GetAsync("/cookies/set?session=first");
        var seenBySecond = (await second.GetAsync("/cookies")).Json<Dictionary<string, string>>()!;
        var seenByFirst = (await first.GetAsync("/cookies")).Json<Dictionary<string, string>>()!;

        seenBySecond.ShouldBeEmpty();
        seenByFirst["session"].ShouldBe("first");
    }

    [Test]
    public async Task Row15_OnStartingThrows_WithALargeBody_ReachesTheCaller_NoHang()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/", async (HttpContext ctx) =>
        {
            ctx.Response.OnStarting(() => throw new InvalidOperationException("OnStarting failed"));
            await ctx.Response.WriteAsync(new string('x', 1024 * 1024));
        });
        await app.StartAsync();
        using var transport = new TestServerTransport(app);
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(10)));

        ex.Message.ShouldBe("OnStarting failed");
    }
}
