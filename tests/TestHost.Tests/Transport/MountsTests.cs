using System.Text.Json;
using Courier.TestHost;
using Courier.TestHostTests.Contract;
using Courier.TestUtils;

namespace Courier.TestHostTests.Transport;

/// <summary>With <see cref="ClientOptions.Mounts"/>, only the app's host goes in-process; other hosts use the network.</summary>
public sealed class MountsTests
{
    [Test]
    public async Task Mounts_AppHostInProcess_OtherHostsOverTheNetwork()
    {
        await using var inProcess = await SampleHost.StartInProcessAsync();
        await using var kestrel = await LoopbackServer.StartAsync(app => Sample.SampleApp.Map(app, new Sample.AppProbe()));
        await using var client = new Client(new ClientOptions
        {
            Mounts = new Dictionary<string, HttpMessageHandler> { ["http://app.test"] = inProcess.CreateTransport() },
        });

        var local = (await client.GetAsync("http://app.test/info")).Json<JsonElement>();
        var remote = (await client.GetAsync(kestrel.At("/info"))).Json<JsonElement>();

        local.GetProperty("host").GetString().ShouldBe("app.test");
        local.GetProperty("remotePort").GetInt32().ShouldBe(123, "app.test is served in-process (httpx's client port)");
        remote.GetProperty("remotePort").GetInt32().ShouldNotBe(123);
        kestrel.ConnectionsAccepted.ShouldBe(1, "only the other host went over the network");
    }
}
