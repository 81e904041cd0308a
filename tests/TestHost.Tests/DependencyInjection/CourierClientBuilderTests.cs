using Courier.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.DependencyInjection;

public class CourierClientBuilderTests
{
    private static async Task<WebApplication> StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapGet("/api/whoami", (HttpContext ctx) => $"{ctx.Request.Host} {ctx.Request.Headers["X-Caller"]}");
        app.MapGet("/api/protocol", (HttpContext ctx) => ctx.Request.Protocol);
        await app.StartAsync();
        return app;
    }

    [Test]
    public async Task AddTestServerTransport_NamedClientCallsTheAppInProcess_BaseUrlFromTheServer()
    {
        await using var app = await StartAppAsync();
        var services = new ServiceCollection();
        services.AddCourierClient("app", new ClientOptions { Headers = new() { { "X-Caller", "di" } } })
            .AddTestServerTransport(app.GetTestServer());
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<ICourierClientFactory>().CreateClient("app");
        var response = await client.GetAsync("/api/whoami");

        response.Text.ShouldBe("localhost di");
        client.BaseUrl.ShouldBe(new Uri("http://localhost/"));
    }

    [Test]
    public async Task AddTestServerTransport_ConfiguredBaseUrlWins()
    {
        await using var app = await StartAppAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Courier:Clients:app:BaseUrl"] = "http://tenant.test/api/",
        }).Build());
        services.AddCourierClient("app").AddTestServerTransport(_ => app.GetTestServer());
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<ICourierClientFactory>().CreateClient("app").GetAsync("whoami");

        response.Text.ShouldBe("tenant.test ");
    }

    [Test]
    public async Task AddTestServerTransport_Http2OnlyFromConfiguration_PresentsHttp2()
    {
        await using var app = await StartAppAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Courier:Clients:app:Http1"] = "false",
            ["Courier:Clients:app:Http2"] = "true",
        }).Build());
        services.AddCourierClient("app").AddTestServerTransport(app.GetTestServer());
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<ICourierClientFactory>().CreateClient("app").GetAsync("/api/protocol");

        response.Text.ShouldBe("HTTP/2");
        response.HttpVersion.ShouldBe("HTTP/2");
    }

    [Test]
    public async Task AddTestServerTransport_OnAPlainHttpClientFactoryClient_CallsTheAppInProcess()
    {
        await using var app = await StartAppAsync();
        var services = new ServiceCollection();
        services.AddHttpClient("plain").AddTestServerTransport(app.GetTestServer());
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("plain");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/whoami");
        request.Headers.Add("X-Caller", "factory");
        using var response = await client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldBe("localhost factory");
        client.BaseAddress.ShouldBe(new Uri("http://localhost/"));
    }
}
