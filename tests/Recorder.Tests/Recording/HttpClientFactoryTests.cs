using Courier.Recorder;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.RecorderTests.Recording;

/// <summary>The recorder plugged into IHttpClientFactory replays for a named client.</summary>
public sealed class HttpClientFactoryTests : RecorderTestBase
{
    [Test]
    public async Task AddCourierRecorder_NamedClient_ReplaysFromTheCassette()
    {
        await File.WriteAllTextAsync(CassettePath, """
            interactions:
            - request: {body: null, headers: {}, method: GET, uri: 'http://127.0.0.1:1/from-cassette'}
              response: {body: {string: replayed}, headers: {}, status: {code: 200, message: OK}}
            version: 1
            """);
        var services = new ServiceCollection();
        services.AddHttpClient("api").AddCourierRecorder(CassettePath, Options(RecordMode.None));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        (await client.GetStringAsync("http://127.0.0.1:1/from-cassette")).ShouldBe("replayed");
        await Should.ThrowAsync<CassetteMismatchException>(() => client.GetStringAsync("http://127.0.0.1:1/from-cassette"));
    }
}
