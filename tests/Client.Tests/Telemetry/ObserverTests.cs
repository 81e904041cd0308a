using Courier.ClientTests.Support;
using Courier.Diagnostics;

namespace Courier.ClientTests.Telemetry;

public class ObserverTests
{
    private sealed class RecordingObserver(bool enabled = true) : ClientObserver
    {
        public List<string> Events { get; } = [];

        public override bool IsEnabled => enabled;

        public override void OnHopStarting(HopStartingArguments arguments) =>
            Events.Add($"start {arguments.Index} {arguments.Kind} {arguments.Request.Url.AbsolutePath}");

        public override void OnHopCompleted(HopCompletedArguments arguments) =>
            Events.Add($"hop {arguments.Index} {arguments.Response?.StatusCode.ToString() ?? arguments.Error!.GetType().Name}");

        public override void OnRequestCompleted(RequestCompletedArguments arguments) =>
            Events.Add($"done {arguments.Request.Url.AbsolutePath} {arguments.Response?.StatusCode.ToString() ?? arguments.Error!.GetType().Name} hops={arguments.Hops}");
    }

    [Test]
    public async Task Observer_SeesEveryHopAndTheLogicalRequest()
    {
        var observer = new RecordingObserver();
        using var client = Echo.MockClient(
            r => r.Url.AbsolutePath == "/a" ? new Response(307, headers: new() { { "Location", "/b" } }) : new Response(204),
            new ClientOptions { FollowRedirects = true, Observer = observer });

        await client.GetAsync("https://o.test/a");

        observer.Events.ShouldBe(["start 0 Initial /a", "hop 0 307", "start 1 Redirect /b", "hop 1 204", "done /a 204 hops=2"]);
    }

    [Test]
    public void Observer_SyncCallAndFailure_AreSeenToo()
    {
        var observer = new RecordingObserver();
        using var client = Echo.MockClient(_ => throw new HttpRequestException("boom"), new ClientOptions { Observer = observer });

        Should.Throw<CourierException>(() => client.Get("https://o.test/x"));

        observer.Events[0].ShouldBe("start 0 Initial /x");
        observer.Events[1].ShouldStartWith("hop 0 ");
        observer.Events[2].ShouldStartWith("done /x ");
        observer.Events[2].ShouldEndWith("hops=1");
    }

    [Test]
    public async Task Observer_Disabled_GetsNoCallbacks()
    {
        var observer = new RecordingObserver(enabled: false);
        using var client = Echo.MockClient(_ => new Response(200), new ClientOptions { Observer = observer });

        await client.GetAsync("https://o.test/");

        observer.Events.ShouldBeEmpty();
    }
}
