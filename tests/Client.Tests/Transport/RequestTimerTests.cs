using System.Runtime.CompilerServices;

namespace Courier.ClientTests.Transport;

public class RequestTimerTests
{
    [Test]
    public void ArmedThenDisposed_IsNotKeptAliveByTheWatchdog_UntilItsNextTick()
    {
        // Every request that waits for the network arms its timer, which puts it on the watchdog's list until the next
        // tick (10 ms). A finished request's timer must not stay reachable from that list meanwhile: at 30,000 requests
        // a second that promoted every timer (and what it holds) out of gen0.
        using var keeper = Armed();
        var disposed = new List<RequestTimer>();
        for (var i = 0; i < 100; i++)
        {
            var timer = Armed();
            timer.Dispose();
            disposed.Add(timer);
        }

        var onList = WatchedTimers();
        for (var look = 0; look < 5 && !onList.Contains(keeper); look++)
        {
            // A tick was moving the list as it was read: look again.
            Thread.Sleep(1);
            onList = WatchedTimers();
        }

        onList.ShouldContain(keeper);
        onList.Intersect(disposed).ShouldBeEmpty();
    }

    [Test]
    public async Task Armed_StillFires_AfterOthersWereDisposed()
    {
        var doomed = ArmAndDispose(50);
        using var timer = new RequestTimer(new Timeouts(read: TimeSpan.FromMilliseconds(50)), CancellationToken.None);
        timer.StartReadHead();

        await Task.Delay(TimeSpan.FromSeconds(3), timer.Token).ContinueWith(_ => { }, TaskScheduler.Default);

        timer.IsCancellationRequested.ShouldBeTrue();
        timer.FiredIn.ShouldBe(RequestTimer.TimerPhase.ReadHead);
        doomed.Count.ShouldBe(50);
    }

    [Test]
    public async Task NodesOfDisposedTimers_AreReused_ByLaterArmings()
    {
        // A tick hands the nodes of disposed timers to the next armings, so a busy client does not allocate a node per
        // request (nor leave the tick to walk fresh ones). Other tests arm timers in parallel and may take a batch
        // first: arm and dispose in rounds, a tick apart, until this thread gets one back.
        using var keeper = Armed(); // keeps the watchdog ticking
        var freed = new HashSet<RequestTimer.Watchdog.Node>(ReferenceEqualityComparer.Instance);
        var reused = false;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!reused && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            for (var i = 0; i < 50; i++)
            {
                var timer = Armed();
                var node = NodeOf(timer);
                reused |= freed.Contains(node);
                timer.Dispose();
                freed.Add(node);
            }

            await Task.Delay(3 * RequestTimer.Watchdog.TickMilliseconds);
        }

        reused.ShouldBeTrue("no arming got back the node of a timer disposed earlier");
    }

    [Test]
    public async Task ReusedNode_StaysOnWatch_WhenItsFormerTimerLetsGoLate()
    {
        // A disposed timer lets go of its node only while the node is still its own: once reused, the late release
        // must not take the new timer off the watch (its timeout would never fire).
        using var former = new RequestTimer(new Timeouts(TimeSpan.FromMinutes(5)), CancellationToken.None);
        using var timer = new RequestTimer(new Timeouts(read: TimeSpan.FromMilliseconds(50)), CancellationToken.None);
        timer.StartReadHead();
        var node = NodeOf(timer);

        RequestTimer.Watchdog.Release(node, former);

        node.Timer.ShouldBeSameAs(timer);
        await Task.Delay(TimeSpan.FromSeconds(3), timer.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        timer.FiredIn.ShouldBe(RequestTimer.TimerPhase.ReadHead);
    }

    private static RequestTimer.Watchdog.Node NodeOf(RequestTimer timer) =>
        (RequestTimer.Watchdog.Node)typeof(RequestTimer).GetField("_node", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(timer)!;

    private static RequestTimer Armed()
    {
        var timer = new RequestTimer(new Timeouts(TimeSpan.FromMinutes(5)), CancellationToken.None);
        timer.StartReadHead();
        return timer;
    }

    /// <summary>The timers the watchdog's list reaches right now (its private head and nodes, read by reflection).</summary>
    private static List<RequestTimer> WatchedTimers()
    {
        var watchdog = typeof(RequestTimer).GetNestedType("Watchdog", System.Reflection.BindingFlags.NonPublic)!;
        var head = watchdog.GetField("s_head", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var timers = new List<RequestTimer>();
        for (var node = (RequestTimer.Watchdog.Node?)head.GetValue(null); node is not null; node = node.Next)
        {
            if (node.Timer is { } timer)
            {
                timers.Add(timer);
            }
        }

        return timers;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<RequestTimer>> ArmAndDispose(int count)
    {
        var weak = new List<WeakReference<RequestTimer>>();
        for (var i = 0; i < count; i++)
        {
            var timer = Armed();
            timer.Dispose();
            weak.Add(new WeakReference<RequestTimer>(timer));
        }

        return weak;
    }
}
