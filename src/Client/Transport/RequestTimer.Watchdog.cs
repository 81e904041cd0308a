using System.Diagnostics;

namespace Courier;

internal sealed partial class RequestTimer
{
    /// <summary>
    /// Checks this timer's deadline at a watchdog tick: false when it no longer needs watching (disposed, fired, or not
    /// armed — it is put back on the list by its next arming).
    /// </summary>
    private bool StillWatched(long now)
    {
        if (_disposed || IsCancellationRequested)
        {
            return false;
        }

        var deadline = Volatile.Read(ref _deadline);
        if (deadline == NotArmed)
        {
            // Off the list first, then look again: an Arm that stored its deadline before seeing _watched == 1 is seen here.
            Interlocked.Exchange(ref _watched, 0);
            return Volatile.Read(ref _deadline) != NotArmed && Interlocked.CompareExchange(ref _watched, 1, 0) == 0;
        }

        if (now < deadline)
        {
            return true;
        }

        lock (this)
        {
            if (_disposed || IsCancellationRequested || Volatile.Read(ref _deadline) != deadline)
            {
                // Ended, or re-armed or paused since the read above: look again next tick.
                return !_disposed && !IsCancellationRequested;
            }

            _firedIn = Current == TimerPhase.Idle ? TimerPhase.ReadHead : Current;

            // Under the lock, so Dispose cannot run in between; registrations that re-enter (an Arm) take it again.
            Cancel();
        }

        return false;
    }

    /// <summary>
    /// The one process-wide timer that checks every armed <see cref="RequestTimer"/>: a lock-free list of small nodes
    /// (one per arming that finds the timer off the list) and a timer that ticks only while the list is not empty.
    /// Nodes are reused: a tick hands the ones whose timer was disposed to the next thread that needs one, so a busy
    /// client neither allocates a node per request nor has the tick walk freshly allocated (cache-cold, soon promoted)
    /// memory.
    /// </summary>
    internal static class Watchdog
    {
        public const int TickMilliseconds = 10;

        private static readonly ITimer Ticker = CreateTicker();
        private static Node? s_head;
        private static int s_ticking;

        // Nodes the last tick found unused, taken whole by one thread (an exchange: no ABA, only the tick puts them here).
        private static Node? s_free;

        [ThreadStatic]
        private static Node? t_free;

        public static void Watch(RequestTimer timer)
        {
            var node = Rent();
            node.Timer = timer;
            Interlocked.Exchange(ref timer._node, node); // a full fence: the flag below is read after the node is set
            if (timer._disposed)
            {
                // Disposed while being armed: Dispose may have looked for a node before this one was set.
                Interlocked.CompareExchange(ref node.Timer, null, timer);
            }

            Push(node);

            // Read before the exchange: while the ticker runs (the steady state of a busy client) this stays a shared
            // read, not a write every core's arming would bounce between caches. Push's compare-and-swap is a full
            // fence, so this read cannot see a stale 1 from before the tick that stopped the ticker (see Tick's end).
            if (Volatile.Read(ref s_ticking) == 0 && Interlocked.Exchange(ref s_ticking, 1) == 0)
            {
                Ticker.Change(TimeSpan.FromMilliseconds(TickMilliseconds), Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>
        /// Clears <paramref name="node"/> for a disposed timer, only while it is still that timer's: a node is reused
        /// once its timer is gone, and a late clear must not take another timer off the watch.
        /// </summary>
        public static void Release(Node node, RequestTimer timer) => Interlocked.CompareExchange(ref node.Timer, null, timer);

        /// <summary>A node from this thread's reused ones (refilled from the last tick's), or a new one.</summary>
        private static Node Rent()
        {
            var node = t_free ?? Interlocked.Exchange(ref s_free, null);
            if (node is null)
            {
                return new Node();
            }

            t_free = node.Next;
            node.Next = null;
            return node;
        }

        private static void Push(Node node)
        {
            var head = Volatile.Read(ref s_head);
            while (true)
            {
                node.Next = head;
                var seen = Interlocked.CompareExchange(ref s_head, node, head);
                if (ReferenceEquals(seen, head))
                {
                    return;
                }

                head = seen;
            }
        }

        private static void Tick()
        {
            var now = Stopwatch.GetTimestamp();
            var node = Interlocked.Exchange(ref s_head, null);
            Node? unused = null;
            while (node is not null)
            {
                var next = node.Next;
                node.Next = null;
                try
                {
                    var timer = Volatile.Read(ref node.Timer);
                    if (timer is null)
                    {
                        // Its timer was disposed (and let go of it): nobody writes to it any more, so it can be reused.
                        node.Next = unused;
                        unused = node;
                    }
                    else if (timer.StillWatched(now))
                    {
                        Push(node);
                    }

                    // Else it is dropped: its timer (no longer armed, or ended) still points to it until disposed.
                }
                catch (ObjectDisposedException)
                {
                    // Disposed while being checked: the request ended.
                }
                catch (AggregateException)
                {
                    // A cancellation callback failed: the request sees its own failure; the watchdog goes on.
                }

                node = next;
            }

            if (unused is not null)
            {
                // For the threads that arm next; when the last batch is still there, this one is left to the GC.
                Interlocked.CompareExchange(ref s_free, unused, null);
            }

            // Stop ticking when nothing is left; a Watch racing this restarts it (one side sees the other's write).
            Volatile.Write(ref s_ticking, 0);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref s_head) is not null && Interlocked.Exchange(ref s_ticking, 1) == 0)
            {
                Ticker.Change(TimeSpan.FromMilliseconds(TickMilliseconds), Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>
        /// A place on the list: the list holds nodes, not timers, so a disposed timer is let go at once (see
        /// <see cref="RequestTimer.Dispose(bool)"/>) rather than kept until the next tick.
        /// </summary>
        internal sealed class Node
        {
            public RequestTimer? Timer;
            public Node? Next;
        }

        private static ITimer CreateTicker()
        {
            // No request's execution context (its AsyncLocals) is captured by the process-wide timer.
            using (ExecutionContext.SuppressFlow())
            {
                return TimeProvider.System.CreateTimer(static _ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
