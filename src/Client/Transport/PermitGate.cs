namespace Courier;

/// <summary>
/// An origin's connection permits (see <see cref="ConnectionPermits"/>): while one is free, taking and giving it back
/// is one interlocked operation on one counter. The counter is the free permits less the waiters; a waiter parks on a
/// semaphore, and a permit given back while anyone waits is handed to one of them through it (so waiters are served
/// before later arrivals).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim holds no unmanaged resource unless its AvailableWaitHandle is used, which this never does; gates live as long as their transport.")]
internal sealed class PermitGate(int max)
{
    private readonly SemaphoreSlim _handoff = new(0);
    private int _free = max;

    /// <summary>The number of permits.</summary>
    public int Max { get; } = max;

    /// <summary>For tests: runs when a waiter has given up, before it leaves the count (where a hand-off can race it).</summary>
    internal Action? GivingUp { get; set; }

    /// <summary>Permits free right now (negative: that many waiters).</summary>
    public int Free => Volatile.Read(ref _free);

    /// <summary>Takes a permit if one is free, without waiting.</summary>
    public bool TryTake()
    {
        var free = Volatile.Read(ref _free);
        while (free > 0)
        {
            var seen = Interlocked.CompareExchange(ref _free, free - 1, free);
            if (seen == free)
            {
                return true;
            }

            free = seen;
        }

        return false;
    }

    /// <summary>Takes a permit, waiting at most <paramref name="timeout"/> (infinite allowed): false when none came in time.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _free) >= 0)
        {
            return true;
        }

        // Counted as a waiter: a permit given back from now on is handed over through the semaphore.
        bool handed;
        try
        {
            handed = await _handoff.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            GivingUp?.Invoke();
            await WithdrawAsync().ConfigureAwait(false);
            throw;
        }

        if (!handed)
        {
            GivingUp?.Invoke();
            await WithdrawAsync().ConfigureAwait(false);
        }

        return handed;
    }

    /// <summary>Gives a permit back: to a waiter when there is one, else to the free ones.</summary>
    public void Release()
    {
        if (Interlocked.Increment(ref _free) <= 0)
        {
            _handoff.Release();
        }
    }

    /// <summary>
    /// A waiter that gave up leaves the count; when a permit given back already counted it out, that permit's hand-off
    /// is on its way through the semaphore: taken, then given back, so no permit is lost.
    /// </summary>
    private async ValueTask WithdrawAsync()
    {
        var free = Volatile.Read(ref _free);
        while (free < 0)
        {
            var seen = Interlocked.CompareExchange(ref _free, free + 1, free);
            if (seen == free)
            {
                return;
            }

            free = seen;
        }

        await _handoff.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Release();
    }
}
