using Courier.DependencyInjection;
using Courier.Logging;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.ClientTests.Extensions;

public class LoggingTests
{
    private static Task<LoopbackServer> StartServerAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/start", (HttpContext ctx) =>
        {
            ctx.Response.Headers.SetCookie = "sid=s3ss10n; Path=/";
            return Results.Redirect("/final?api_key=k3y&page=2");
        });
        app.MapGet("/final", () => Results.Text("ok"));
    });

    private static ServiceProvider CreateSut(LoopbackServer server, Action<ILoggingBuilder>? logging)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Courier:Clients:api:BaseUrl"] = server.Url.ToString(),
            ["Courier:Clients:api:FollowRedirects"] = "true",
            ["Courier:Clients:api:TrustEnv"] = "false",
            ["Courier:Clients:api:Headers:X-Api-Key"] = "sup3r",
        }).Build());
        if (logging is not null)
        {
            services.AddLogging(logging);
        }

        services.AddCourierClient("api", new ClientOptions { Auth = new BearerAuth("t0k3n") });
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task OneInformationLinePerRequest_HeadsAtDebug_SecretsRedacted()
    {
        await using var server = await StartServerAsync();
        var logs = new CapturingLoggerProvider();
        using var provider = CreateSut(server, b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var client = provider.GetRequiredService<ICourierClientFactory>().CreateClient("api");

        await client.GetAsync("/start?token=abc");

        var lines = logs.Lines.Where(l => l.Category == "Courier.Client.api").ToList();
        var info = lines.Where(l => l.Level == LogLevel.Information).ShouldHaveSingleItem();
        info.Message.ShouldMatch($@"^HTTP GET {server.Url}start\?token=REDACTED responded 200 in \d+\.\d ms \(2 hop\(s\)\)$");
        var debug = lines.Where(l => l.Level == LogLevel.Debug).Select(l => l.Message).ToList();
        debug.Count.ShouldBe(4);
        debug[0].ShouldStartWith($"Hop 0 sending GET {server.Url}start?token=REDACTED");
        debug[0].ShouldContain("Authorization: REDACTED");
        debug[0].ShouldContain("X-Api-Key: REDACTED");
        debug[0].ShouldContain("User-Agent: courier/");
        debug[1].ShouldStartWith("Hop 0 received HTTP/1.1 302 Found in ");
        debug[1].ShouldContain("Set-Cookie: REDACTED");
        debug[1].ShouldContain("Location: /final?api_key=k3y&page=2");
        debug[2].ShouldStartWith($"Hop 1 sending GET {server.Url}final?api_key=REDACTED&page=2");
        debug[2].ShouldContain("Cookie: REDACTED");
        debug[3].ShouldStartWith("Hop 1 received HTTP/1.1 200 OK");
        foreach (var secret in new[] { "t0k3n", "sup3r", "s3ss10n", "token=abc" })
        {
            lines.ShouldAllBe(l => !l.Message.Contains(secret), $"'{secret}' leaked into the log");
        }
    }

    [Test]
    public async Task Failure_IsAWarningNamingCouriersException()
    {
        await using var server = await StartServerAsync();
        var logs = new CapturingLoggerProvider();
        using var provider = CreateSut(server, b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        using var client = provider.GetRequiredService<ICourierClientFactory>().CreateClient("api");
        var closed = new Uri(server.Url, "/").ToString();
        await server.DisposeAsync();

        await Should.ThrowAsync<ConnectException>(() => client.GetAsync(closed + "gone"));

        var line = logs.Lines.Where(l => l.Category == "Courier.Client.api").ShouldHaveSingleItem();
        line.Level.ShouldBe(LogLevel.Warning);
        line.Message.ShouldMatch(@"^HTTP GET http://127\.0\.0\.1:\d+/gone failed with ConnectException after \d+\.\d ms \(1 hop\(s\)\)$");
    }

    [Test]
    public async Task NoLoggerRegistered_NoObserverIsInstalled()
    {
        await using var server = await StartServerAsync();
        using var provider = CreateSut(server, logging: null);

        provider.GetRequiredService<ICourierClientFactory>().CreateClient("api").Settings.Observer.ShouldBeNull();
    }

    [Test]
    public async Task LoggerAboveInformation_ObserverIsDisabled()
    {
        await using var server = await StartServerAsync();
        var logs = new CapturingLoggerProvider();
        using var provider = CreateSut(server, b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Warning));
        using var client = provider.GetRequiredService<ICourierClientFactory>().CreateClient("api");

        client.Settings.Observer.ShouldBeOfType<LoggingClientObserver>().IsEnabled.ShouldBeFalse();
        await client.GetAsync("/final");
        logs.Lines.Where(l => l.Category == "Courier.Client.api").ShouldBeEmpty();
    }
}
