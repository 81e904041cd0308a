using System.Runtime.CompilerServices;

namespace Courier.ClientTests.Transport;

public class RequestTimerTests
{
    [Test]
    public void ArmedThenDisposed_IsNotKeptAliveByTheWatchdog_UntilItsNextTick()
    {
        // Every request that waits for the network arms its timer, which puts it in a slot of the watchdog until the
        // next tick (10 ms). A finished request's timer must not stay reachable from there meanwhile: at 30,000 requests
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
            // A tick was moving the keeper to the shared list as it was read: look again.
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
    public void Arming_AllocatesNothing_OnceTheThreadHasItsRing()
    {
        // A busy client arms a timer for every request that waits for the network: the arming thread's ring takes it,
        // with no node (or anything else) allocated per request.
        var timers = Enumerable.Range(0, 1_000).Select(_ => new RequestTimer(new Timeouts(TimeSpan.FromMinutes(5)), CancellationToken.None)).ToList();
        Armed().Dispose(); // this thread's ring, made once

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var timer in timers)
        {
            timer.StartReadHead();
            timer.Dispose();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(1_000);
    }

    [Test]
    public async Task LateRelease_OfASlotsFormerTimer_LeavesTheNewOneOnWatch()
    {
        // A disposed timer clears its slot only while the slot is still its own: once reused, the late clear must not
        // take the new timer off the watch (its timeout would never fire).
        using var former = new RequestTimer(new Timeouts(TimeSpan.FromMinutes(5)), CancellationToken.None);
        using var timer = new RequestTimer(new Timeouts(read: TimeSpan.FromMilliseconds(50)), CancellationToken.None);
        timer.StartReadHead();
        var (ring, index) = SlotOf(timer);

        RequestTimer.Watchdog.Release(ring, index, former);

        ring.Timers[index].ShouldBeSameAs(timer);
        await Task.Delay(TimeSpan.FromSeconds(3), timer.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        timer.FiredIn.ShouldBe(RequestTimer.TimerPhase.ReadHead);
    }

    [Test]
    public async Task MoreTimersThanSlots_ArmedOnOneThread_AllFire()
    {
        // Long requests outlive their thread's ring: a slot needed again moves its timer to the shared list, which the
        // tick checks too.
        var timers = new List<RequestTimer>();
        for (var i = 0; i < RequestTimer.Watchdog.SlotCount + 100; i++)
        {
            var timer = new RequestTimer(new Timeouts(read: TimeSpan.FromMilliseconds(200)), CancellationToken.None);
            timer.StartReadHead();
            timers.Add(timer);
        }

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (timers.Any(t => !t.IsCancellationRequested) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        timers.Count(t => t.FiredIn == RequestTimer.TimerPhase.ReadHead).ShouldBe(timers.Count);
        timers.ForEach(t => t.Dispose());
    }

    [Test]
    public async Task TimersArmedOnAThreadThatEnded_StillFire_AndItsRingIsTakenOver()
    {
        // Thread-pool threads come and go: a ring outlives its thread (its timers are still watched), and a later
        // thread takes it over instead of adding one more ring for the tick to scan.
        RequestTimer? armed = null;
        var first = new Thread(() =>
        {
            armed = new RequestTimer(new Timeouts(read: TimeSpan.FromMilliseconds(100)), CancellationToken.None);
            armed.StartReadHead();
        });
        first.Start();
        first.Join();
        var rings = RequestTimer.Watchdog.RingCount;

        for (var i = 0; i < 20; i++)
        {
            var next = new Thread(() => Armed().Dispose());
            next.Start();
            next.Join();
        }

        // Other tests' threads may register meanwhile: 20 short-lived threads one after another add at most a couple.
        RequestTimer.Watchdog.RingCount.ShouldBeLessThan(rings + 5);
        await Task.Delay(TimeSpan.FromSeconds(3), armed!.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        armed.FiredIn.ShouldBe(RequestTimer.TimerPhase.ReadHead);
        armed.Dispose();
    }

    private static (RequestTimer.Watchdog.Slots Ring, int Index) SlotOf(RequestTimer timer)
    {
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        return ((RequestTimer.Watchdog.Slots)typeof(RequestTimer).GetField("_ring", flags)!.GetValue(timer)!, (int)typeof(RequestTimer).GetField("_slotIndex", flags)!.GetValue(timer)!);
    }

    private static RequestTimer Armed()
    {
        var timer = new RequestTimer(new Timeouts(TimeSpan.FromMinutes(5)), CancellationToken.None);
        timer.StartReadHead();
        return timer;
    }

    /// <summary>The timers the watchdog reaches right now (its rings' slots and its shared list).</summary>
    private static List<RequestTimer> WatchedTimers() => [.. RequestTimer.Watchdog.Watched()];

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
