using Courier.DependencyInjection;
using Courier.RecorderTests.Recording;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecordMode = Courier.Recorder.RecordMode;

namespace Courier.RecorderTests.DependencyInjection;

public sealed class CourierClientBuilderTests : RecorderTestBase
{
    private ServiceProvider CreateSut(Uri baseUrl, RecordMode mode)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Courier:Clients:api:BaseUrl"] = baseUrl.ToString(),
            ["Courier:Clients:api:TrustEnv"] = "false",
        }).Build());
        services.AddCourierClient("api").AddCourierRecorder(CassettePath, Options(mode));
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task AddCourierRecorder_RecordsThroughTheNamedClient_ThenReplaysWithoutTheServer()
    {
        Uri baseUrl;
        await using (var server = await StartServerAsync())
        {
            baseUrl = server.Url;
            await using var recording = CreateSut(baseUrl, RecordMode.Once);
            var recorded = await recording.GetRequiredService<ICourierClientFactory>().CreateClient("api").GetAsync("/hello?n=di");
            recorded.Text.ShouldBe("hello di");
        }

        File.ReadAllText(CassettePath).ShouldContain("/hello?n=di");
        await using var replaying = CreateSut(baseUrl, RecordMode.None);

        var replayed = await replaying.GetRequiredService<ICourierClientFactory>().CreateClient("api").GetAsync("/hello?n=di");

        replayed.Text.ShouldBe("hello di");
        replayed.Headers["X-Count"].ShouldBe("1");
    }
}
