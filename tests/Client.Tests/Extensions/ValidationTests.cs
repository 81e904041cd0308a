using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Courier.ClientTests.Extensions;

public class ValidationTests
{
    private static IHost CreateSut(Dictionary<string, string?> settings, Action<IServiceCollection>? register = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        if (register is null)
        {
            builder.Services.AddCourierClient("api");
        }
        else
        {
            register(builder.Services);
        }

        return builder.Build();
    }

    [Test]
    public async Task BadValues_FailTheHostStart_NamingEachKey()
    {
        using var host = CreateSut(new()
        {
            ["Courier:Clients:api:BaseUrl"] = "ftp://files.test/",
            ["Courier:Clients:api:Timeouts:Read"] = "soon",
            ["Courier:Clients:api:Retries"] = "-1",
            ["Courier:Clients:api:Http2"] = "yes",
            ["Courier:Clients:api:Timout"] = "5",
        });

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        ex.Message.ShouldContain("The Courier client 'api' is misconfigured");
        ex.Message.ShouldContain("Courier:Clients:api:BaseUrl: 'ftp://files.test/' is not an absolute http or https URL");
        ex.Message.ShouldContain("Courier:Clients:api:Timeouts:Read: 'soon' is not a positive duration");
        ex.Message.ShouldContain("Courier:Clients:api:Retries: '-1' must be a whole number of at least 0");
        ex.Message.ShouldContain("Courier:Clients:api:Http2: 'yes' is not true or false");
        ex.Message.ShouldContain("Courier:Clients:api:Timout: 'Timout' is not a Courier client setting");
    }

    [Test]
    public async Task InvalidCombination_IsReportedUnderTheSection()
    {
        using var host = CreateSut(new()
        {
            ["Courier:Clients:api:Http1"] = "false",
            ["Courier:Clients:api:Http2"] = "false",
        });

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        ex.Message.ShouldContain("Courier:Clients:api: Invalid ClientOptions");
        ex.Message.ShouldContain("At least one of Http1 and Http2 must be enabled.");
    }

    [Test]
    public async Task ValidConfiguration_HostStarts()
    {
        using var host = CreateSut(new() { ["Courier:Clients:api:BaseUrl"] = "https://api.test/", ["Courier:Clients:api:Timeout"] = "Infinite" });

        await host.StartAsync();
        await host.StopAsync();

        host.Services.GetRequiredService<Courier.DependencyInjection.ICourierClientFactory>().CreateClient("api").Timeouts.ShouldBe(Timeouts.Infinite);
    }
}
