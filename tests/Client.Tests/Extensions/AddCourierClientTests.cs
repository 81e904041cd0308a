using Courier.ClientTests.Support;
using Courier.DependencyInjection;
using Courier.TestUtils;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.ClientTests.Extensions;

public class AddCourierClientTests
{
    public sealed class GitHubClient(Client client)
    {
        public Client Client { get; } = client;
    }

    private static ServiceProvider CreateSut(Dictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        register(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Test]
    public async Task NamedClient_OptionsBoundFromConfiguration()
    {
        await using var server = await Echo.StartAsync();
        using var provider = CreateSut(
            new()
            {
                ["Courier:Clients:api:BaseUrl"] = server.Url + "v1/",
                ["Courier:Clients:api:Timeout"] = "7.5",
                ["Courier:Clients:api:Timeouts:Read"] = "00:00:30",
                ["Courier:Clients:api:Limits:MaxConnections"] = "3",
                ["Courier:Clients:api:Limits:KeepAliveExpiry"] = "2",
                ["Courier:Clients:api:Http2"] = "true",
                ["Courier:Clients:api:Retries"] = "2",
                ["Courier:Clients:api:FollowRedirects"] = "true",
                ["Courier:Clients:api:AllowDowngradeRedirects"] = "true",
                ["Courier:Clients:api:MaxResponseHeadersLength"] = "131072",
                ["Courier:Clients:api:TrustEnv"] = "false",
                ["Courier:Clients:api:Headers:X-Team"] = "payments",
            },
            services => services.AddCourierClient("api"));

        using var client = provider.GetRequiredService<ICourierClientFactory>().CreateClient("api");

        var settings = client.Settings;
        settings.BaseUrl.ShouldBe(new Uri(server.Url + "v1/"));
        settings.Timeouts.ShouldBe(new Timeouts(TimeSpan.FromSeconds(7.5)) with { Read = TimeSpan.FromSeconds(30) });
        settings.Limits.MaxConnections.ShouldBe(3);
        settings.Limits.KeepAliveExpiry.ShouldBe(TimeSpan.FromSeconds(2));
        settings.Http2.ShouldBeTrue();
        settings.Retries.ShouldBe(2);
        settings.FollowRedirects.ShouldBeTrue();
        settings.AllowDowngradeRedirects.ShouldBeTrue();
        settings.MaxResponseHeadersLength.ShouldBe(131072);
        var seen = Seen.From(await client.GetAsync("users"));
        seen.Path.ShouldBe("/v1/users");
        seen.Header("X-Team").ShouldBe("payments");
    }

    [Test]
    public void Precedence_CodeDefaults_ThenConfiguration_ThenConfigureOptions()
    {
        using var provider = CreateSut(
            new() { ["Courier:Clients:api:BaseUrl"] = "https://from-config.test/", ["Courier:Clients:api:MaxRedirects"] = "4" },
            services => services
                .AddCourierClient("api", new ClientOptions { BaseUrl = new Uri("https://from-code.test/"), MaxRedirects = 9, Retries = 1 })
                .ConfigureOptions((_, options) => options with { MaxRedirects = options.MaxRedirects + 1 }));

        var settings = provider.GetRequiredService<ICourierClientFactory>().CreateClient("api").Settings;

        settings.BaseUrl.ShouldBe(new Uri("https://from-config.test/"));
        settings.MaxRedirects.ShouldBe(5);
        settings.Retries.ShouldBe(1);
    }

    [Test]
    public async Task TypedClient_GetsTheClientOfItsTypeName()
    {
        await using var server = await Echo.StartAsync();
        using var provider = CreateSut(
            new() { ["Courier:Clients:GitHubClient:BaseUrl"] = server.Url.ToString() },
            services => services.AddCourierClient<GitHubClient>());

        var typed = provider.GetRequiredService<GitHubClient>();

        typed.Client.BaseUrl.ShouldBe(server.Url);
        (await typed.Client.GetAsync("/repos")).StatusCode.ShouldBe(200);
        provider.GetRequiredService<GitHubClient>().ShouldNotBeSameAs(typed);
    }

    [Test]
    public void UnknownName_SaysHowToRegisterIt()
    {
        using var provider = CreateSut([], services => services.AddCourierClient("api"));

        var ex = Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<ICourierClientFactory>().CreateClient("aip"));

        ex.Message.ShouldContain("AddCourierClient(\"aip\")");
    }

    [Test]
    public async Task OnePoolPerName_ClientsOfOneNameShareConnections()
    {
        await using var server = await Echo.StartAsync();
        using var provider = CreateSut(
            new()
            {
                ["Courier:Clients:a:BaseUrl"] = server.Url.ToString(),
                ["Courier:Clients:a:TrustEnv"] = "false",
                ["Courier:Clients:b:BaseUrl"] = server.Url.ToString(),
                ["Courier:Clients:b:TrustEnv"] = "false",
            },
            services =>
            {
                services.AddCourierClient("a");
                services.AddCourierClient("b");
            });
        var factory = provider.GetRequiredService<ICourierClientFactory>();

        for (var i = 0; i < 5; i++)
        {
            using var client = factory.CreateClient("a");
            (await client.GetAsync("/x")).StatusCode.ShouldBe(200);
        }

        server.ConnectionsAccepted.ShouldBe(1);
        using (var other = factory.CreateClient("b"))
        {
            await other.GetAsync("/y");
        }

        server.ConnectionsAccepted.ShouldBe(2);
        await provider.DisposeAsync();
        await WaitUntil(() => server.OpenConnections == 0);
        server.OpenConnections.ShouldBe(0);
    }

    [Test]
    public async Task UseTransport_ReplacesTheNetwork()
    {
        using var provider = CreateSut(
            new() { ["Courier:Clients:api:BaseUrl"] = "https://api.test/" },
            services => services.AddCourierClient("api").UseTransport(_ => new Courier.Mocking.MockTransport(r => new Response(200, Body.Text("mocked " + r.Url.AbsolutePath)))));

        var response = await provider.GetRequiredService<ICourierClientFactory>().CreateClient("api").GetAsync("ping");

        response.Text.ShouldBe("mocked /ping");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
