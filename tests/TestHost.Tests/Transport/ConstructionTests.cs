using System.Text.Json;
using Courier.TestHost;
using Courier.TestHostTests.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>A transport or client from each thing an app can be hosted in: TestServer, IHost, WebApplication, WebApplicationFactory.</summary>
public sealed class ConstructionTests
{
    [Test]
    public async Task FromTestServer_SendsIntoTheApp()
    {
        using var host = await StartGenericHostAsync();
        var server = host.GetTestServer();
        using var transport = new TestServerTransport(server);
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });

        (await client.GetAsync("/json")).Json<JsonElement>().GetProperty("name").GetString().ShouldBe("courier");
        transport.Server.ShouldBeSameAs(server);
    }

    [Test]
    public async Task FromIHost_CreateCourierClient_DefaultsBaseUrlToLocalhost()
    {
        using var host = await StartGenericHostAsync();
        await using var client = host.CreateCourierClient();

        var response = await client.GetAsync("/info");

        client.BaseUrl.ShouldBe(new Uri("http://localhost/"));
        response.Json<JsonElement>().GetProperty("host").GetString().ShouldBe("localhost");
    }

    [Test]
    public async Task FromWebApplication_SendsIntoTheApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        SampleApp.Map(app, new AppProbe());
        await app.StartAsync();
        using var transport = new TestServerTransport(app);
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });

        (await client.GetAsync("/redirect/0")).Text.ShouldBe("arrived");
    }

    [Test]
    public async Task FromHostWithoutTestServer_ThrowsWithAHint()
    {
        using var host = new HostBuilder().Build();

        var ex = Should.Throw<ArgumentException>(() => new TestServerTransport(host));

        ex.Message.ShouldContain("UseTestServer");
        await Task.CompletedTask;
    }

    [Test]
    public async Task FromWebApplicationFactory_CreateCourierClient_KeepsClientOptions()
    {
        await using var factory = new SampleFactory();
        await using var client = factory.CreateCourierClient(
            new ClientOptions { FollowRedirects = true, Auth = new BasicAuth(SampleApp.User, SampleApp.Password) },
            new TestServerTransportOptions { RootPath = "/mounted" });

        var redirected = await client.GetAsync("/redirect/2");
        var secret = await client.GetAsync("/private");
        var info = (await client.GetAsync("/mounted/info")).Json<JsonElement>();

        redirected.Text.ShouldBe("arrived");
        redirected.History.Count.ShouldBe(2);
        secret.StatusCode.ShouldBe(200);
        info.GetProperty("pathBase").GetString().ShouldBe("/mounted");
    }

    private static Task<IHost> StartGenericHostAsync() =>
        new HostBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureWebHost(web => web.UseTestServer().ConfigureServices(s => s.AddRouting()).Configure(app =>
            {
                app.UseRouting();
                app.UseEndpoints(endpoints => SampleApp.MapEndpoints(endpoints, new AppProbe()));
            }))
            .StartAsync();

    /// <summary>A factory whose app is built here rather than found through an entry point.</summary>
    private sealed class SampleFactory : WebApplicationFactory<SampleFactory>
    {
        protected override IHostBuilder CreateHostBuilder() =>
            Host.CreateDefaultBuilder()
                .ConfigureLogging(l => l.ClearProviders())
                .ConfigureWebHost(web => web.ConfigureServices(s => s.AddRouting()).Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => SampleApp.MapEndpoints(endpoints, new AppProbe()));
                }));

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);
    }
}
