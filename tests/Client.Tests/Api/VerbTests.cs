using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Api;

public class VerbTests
{
    private static LoopbackServer _server = null!;
    private static TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [OneTimeSetUp]
    public static async Task StartServer() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/slow-body", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync("head-");
            await ctx.Response.Body.FlushAsync();
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await ctx.Response.WriteAsync("rest");
        });
        app.MapEcho();
    });

    [OneTimeTearDown]
    public static async Task StopServer() => await _server.DisposeAsync();

    private static Client CreateSut() => new(new ClientOptions { BaseUrl = _server.Url });

    [Test]
    public async Task AsyncVerbs_SendTheirMethod()
    {
        using var client = CreateSut();
        Seen.From(await client.GetAsync("/x")).Method.ShouldBe("GET");
        Seen.From(await client.PostAsync("/x", Body.Text("p"))).Method.ShouldBe("POST");
        Seen.From(await client.PutAsync("/x", Body.Text("p"))).Method.ShouldBe("PUT");
        Seen.From(await client.PatchAsync("/x", Body.Text("p"))).Method.ShouldBe("PATCH");
        Seen.From(await client.DeleteAsync("/x")).Method.ShouldBe("DELETE");
        Seen.From(await client.OptionsAsync("/x")).Method.ShouldBe("OPTIONS");
        Seen.From(await client.RequestAsync("PROPFIND", "/x")).Method.ShouldBe("PROPFIND");
        var head = await client.HeadAsync("/x");
        head.StatusCode.ShouldBe(200);
        head.Request.Method.ShouldBe("HEAD");
        head.Content.Length.ShouldBe(0);
    }

    [Test]
    public void SyncVerbs_SendTheirMethod()
    {
        using var client = CreateSut();
        Seen.From(client.Get("/x")).Method.ShouldBe("GET");
        Seen.From(client.Post("/x", Body.Text("p"))).Body.ShouldBe("p");
        Seen.From(client.Put("/x", Body.Text("q"))).Method.ShouldBe("PUT");
        Seen.From(client.Patch("/x", Body.Text("r"))).Method.ShouldBe("PATCH");
        Seen.From(client.Delete("/x")).Method.ShouldBe("DELETE");
        Seen.From(client.Options("/x")).Method.ShouldBe("OPTIONS");
        Seen.From(client.Request("report", "/x")).Method.ShouldBe("REPORT");
        client.Head("/x").Request.Method.ShouldBe("HEAD");
    }

    [Test]
    public async Task BuildRequest_ThenSend_SendsThePreparedRequest()
    {
        using var client = CreateSut();
        var request = client.BuildRequest("POST", "/prepared", Body.Text("body"), new() { Params = new() { ["q"] = "1" } });
        request.Url.ShouldBe(new Uri(_server.Url, "/prepared?q=1"));
        request.Headers["User-Agent"].ShouldBe(Client.DefaultUserAgent);
        request.Headers.Add("X-Added", "later");

        var seen = Seen.From(await client.SendAsync(request));
        seen.RawTarget.ShouldBe("/prepared?q=1");
        seen.Header("X-Added").ShouldBe("later");
        seen.Body.ShouldBe("body");

        Seen.From(client.Send(client.BuildRequest("GET", "/sync"))).Path.ShouldBe("/sync");
    }

    [Test]
    public async Task StreamAsync_ReturnsAfterHead_BeforeBody()
    {
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = CreateSut();

        await using var response = await client.StreamAsync("GET", "/slow-body");

        response.StatusCode.ShouldBe(200);
        response.IsRead.ShouldBeFalse();
        Should.Throw<ResponseNotReadException>(() => response.Content);
        _release.SetResult();
        (await response.ReadTextAsync()).ShouldBe("head-rest");
    }

    [Test]
    public void Stream_Sync_ReturnsAfterHead_BeforeBody()
    {
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = CreateSut();

        using var response = client.Stream("GET", "/slow-body");

        response.IsRead.ShouldBeFalse();
        _release.SetResult();
        string.Concat(response.IterText()).ShouldBe("head-rest");
    }

    [Test]
    public async Task SendAsync_WithStream_LeavesBodyUnread()
    {
        using var client = CreateSut();
        await using var response = await client.SendAsync(client.BuildRequest("GET", "/s"), stream: true);
        response.IsRead.ShouldBeFalse();
        (await response.ReadBytesAsync()).Length.ShouldBeGreaterThan(0);
        response.IsRead.ShouldBeTrue();
    }

    [Test]
    public async Task OneClient_SharedByManyTasksAndThreads_AnswersEach()
    {
        using var client = CreateSut();
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var response = await client.GetAsync($"/item/{i}", new() { Params = new() { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            var seen = Seen.From(response);
            return seen.Path == $"/item/{i}" && seen.Query == $"?i={i}";
        }));
        var threads = Enumerable.Range(0, 8).Select(i =>
        {
            var ok = false;
            var thread = new Thread(() => ok = Seen.From(client.Get($"/thread/{i}")).Path == $"/thread/{i}");
            thread.Start();
            return (thread, result: new Func<bool>(() => ok));
        }).ToList();

        (await Task.WhenAll(tasks)).ShouldAllBe(ok => ok);
        foreach (var (thread, result) in threads)
        {
            thread.Join(TimeSpan.FromSeconds(60)).ShouldBeTrue();
            result().ShouldBeTrue();
        }
    }
}
