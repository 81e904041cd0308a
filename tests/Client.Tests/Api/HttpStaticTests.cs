using Courier.ClientTests.Support;

namespace Courier.ClientTests.Api;

public class HttpStaticTests
{
    [Test]
    public async Task OneOffCalls_SyncAndAsync()
    {
        await using var server = await Echo.StartAsync();

        Seen.From(await Http.GetAsync(server.At("/a"))).Path.ShouldBe("/a");
        Seen.From(Http.Get(server.At("/b"), new() { Params = new() { ["x"] = "1" } })).RawTarget.ShouldBe("/b?x=1");
        Seen.From(await Http.PostAsync(server.At("/c"), Body.Text("async"))).Body.ShouldBe("async");
        Seen.From(Http.Post(server.At("/d"), Body.Text("sync"))).Body.ShouldBe("sync");
        Seen.From(await Http.RequestAsync("PUT", server.At("/e"), Body.Text("put"))).Method.ShouldBe("PUT");
        var response = Http.Request("DELETE", server.At("/f"));
        Seen.From(response).Method.ShouldBe("DELETE");
        response.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
