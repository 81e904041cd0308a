namespace Courier.ClientTests.Transport;

public class PermitGateTests
{
    [Test]
    public void TryTake_TakesUpToMax_ThenRefuses_UntilOneIsGivenBack()
    {
        var gate = new PermitGate(2);

        gate.TryTake().ShouldBeTrue();
        gate.TryTake().ShouldBeTrue();
        gate.TryTake().ShouldBeFalse();

        gate.Release();
        gate.TryTake().ShouldBeTrue();
        gate.Free.ShouldBe(0);
    }

    [Test]
    public async Task PermitGivenBack_GoesToTheWaiter_NotToALaterArrival()
    {
        var gate = new PermitGate(1);
        gate.TryTake().ShouldBeTrue();
        var waiting = gate.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();

        gate.Release();

        gate.TryTake().ShouldBeFalse("the permit was handed to the waiter");
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        gate.Release();
        gate.Free.ShouldBe(1);
    }

    [Test]
    public async Task WaiterThatTimesOut_LeavesEveryPermitInPlace()
    {
        var gate = new PermitGate(1);
        gate.TryTake().ShouldBeTrue();

        (await gate.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None)).ShouldBeFalse();

        gate.Free.ShouldBe(0);
        gate.Release();
        gate.Free.ShouldBe(1);
        gate.TryTake().ShouldBeTrue();
    }

    [Test]
    public async Task CancelledWaiter_Throws_AndLeavesEveryPermitInPlace()
    {
        var gate = new PermitGate(1);
        gate.TryTake().ShouldBeTrue();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Should.ThrowAsync<OperationCanceledException>(() => gate.WaitAsync(Timeout.InfiniteTimeSpan, cancel.Token));

        gate.Release();
        gate.Free.ShouldBe(1);
    }

    [Test]
    public async Task PermitGivenBack_AsAWaiterGivesUp_IsNeitherLostNorDoubled()
    {
        // The waiter's time ran out and, before it leaves the count, a permit is given back and handed to it: it must
        // take that hand-off and give the permit back, or the next waiter gets in on a stray one.
        var gate = new PermitGate(1);
        gate.TryTake().ShouldBeTrue();
        gate.GivingUp = () =>
        {
            gate.GivingUp = null;
            gate.Release();
        };

        (await gate.WaitAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None)).ShouldBeFalse();

        gate.TryTake().ShouldBeTrue("the permit given back is free again");
        (await gate.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None)).ShouldBeFalse("there is only one permit");
        gate.Release();
        gate.Free.ShouldBe(1);
    }

    [Test]
    public async Task WaitersGivingUp_WhilePermitsAreGivenBack_NeverLoseOrAddOne()
    {
        // Time-outs racing hand-offs: a permit given back to a waiter that gave up at that moment must not be lost (the
        // pool would shrink) or counted twice (more than Max connections). Bounded in count and time.
        const int max = 2;
        var gate = new PermitGate(max);
        var held = 0;
        var mostHeld = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 5_000 && watch.Elapsed < TimeSpan.FromSeconds(3); i++)
            {
                var taken = random.Next(4) == 0 ? gate.TryTake() : await gate.WaitAsync(TimeSpan.FromMilliseconds(random.Next(2)), CancellationToken.None);
                if (!taken)
                {
                    continue;
                }

                var now = Interlocked.Increment(ref held);
                InterlockedMax(ref mostHeld, now);
                await Task.Yield();
                Interlocked.Decrement(ref held);
                gate.Release();
            }
        })).ToArray();

        await Task.WhenAll(workers);

        mostHeld.ShouldBeLessThanOrEqualTo(max);
        gate.Free.ShouldBe(max);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
