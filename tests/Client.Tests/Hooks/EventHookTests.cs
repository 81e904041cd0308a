using Courier.ClientTests.Support;

namespace Courier.ClientTests.Hooks;

public class EventHookTests
{
    private static Client RedirectingClient(List<Request> seen, EventHooks hooks) => Echo.MockClient(
        r =>
        {
            seen.Add(r);
            return r.Url.AbsolutePath switch
            {
                "/a" => new Response(302, headers: new() { { "Location", "/b" } }),
                "/b" => new Response(307, headers: new() { { "Location", "/c" } }),
                _ => new Response(200, Body.Text("done")),
            };
        },
        new ClientOptions { FollowRedirects = true, EventHooks = hooks });

    [Test]
    public async Task SyncHooks_RunForEveryHop_AndMayEditTheRequest()
    {
        var requests = new List<string>();
        var responses = new List<int>();
        var hooks = EventHooks.OnRequest(r =>
            {
                requests.Add(r.Url.AbsolutePath);
                r.Headers["X-Hooked"] = "yes";
            })
            .Add(EventHooks.OnResponse(r => responses.Add(r.StatusCode)));
        var seen = new List<Request>();
        using var client = RedirectingClient(seen, hooks);

        var response = await client.GetAsync("https://h.test/a");

        response.Text.ShouldBe("done");
        requests.ShouldBe(["/a", "/b", "/c"]);
        responses.ShouldBe([302, 307, 200]);
        seen.ShouldAllBe(r => r.Headers["X-Hooked"] == "yes");
    }

    [Test]
    public async Task AsyncHooks_RunInOrder_WithTheCallersToken()
    {
        var log = new List<string>();
        using var cts = new CancellationTokenSource();
        var hooks = new EventHooks
        {
            Request =
            [
                async (r, ct) =>
                {
                    await Task.Yield();
                    ct.CanBeCanceled.ShouldBeTrue();
                    log.Add("req1 " + r.Url.AbsolutePath);
                },
                (r, _) =>
                {
                    log.Add("req2 " + r.Url.AbsolutePath);
                    return ValueTask.CompletedTask;
                },
            ],
            Response =
            [
                async (r, _) =>
                {
                    await Task.Delay(1);
                    log.Add("resp " + r.StatusCode);
                },
            ],
        };
        using var client = RedirectingClient([], hooks);

        await client.GetAsync("https://h.test/b", cancellationToken: cts.Token);

        log.ShouldBe(["req1 /b", "req2 /b", "resp 307", "req1 /c", "req2 /c", "resp 200"]);
    }

    [Test]
    public void RequestHookException_ReachesTheCaller_AndNothingIsSent()
    {
        var boom = new InvalidOperationException("hook says no");
        var seen = new List<Request>();
        using var client = RedirectingClient(seen, EventHooks.OnRequest(_ => throw boom));

        Should.Throw<InvalidOperationException>(() => client.Get("https://h.test/c")).ShouldBeSameAs(boom);
        seen.ShouldBeEmpty();
    }

    [Test]
    public async Task ResponseHookException_ReachesTheCaller_EvenOnALaterHop()
    {
        var seen = new List<Request>();
        using var client = RedirectingClient(seen, EventHooks.OnResponse(r =>
        {
            if (r.StatusCode == 200)
            {
                throw new TimeZoneNotFoundException("from the response hook");
            }
        }));

        var ex = await Should.ThrowAsync<TimeZoneNotFoundException>(() => client.GetAsync("https://h.test/a"));
        ex.Message.ShouldBe("from the response hook");
        seen.Count.ShouldBe(3);
    }

    [Test]
    public async Task ResponseHook_CanRaiseForStatus()
    {
        using var client = Echo.MockClient(_ => new Response(500), new ClientOptions
        {
            EventHooks = new EventHooks { Response = [async (r, ct) => (await r.ReadBytesAsync(ct)).Length.ShouldBe(0)] }.Add(EventHooks.OnResponse(r => r.EnsureSuccess())),
        });
        (await Should.ThrowAsync<HttpStatusException>(() => client.GetAsync("https://h.test/"))).Response.StatusCode.ShouldBe(500);
    }
}
