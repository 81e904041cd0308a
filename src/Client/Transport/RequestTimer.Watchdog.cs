using System.Diagnostics;

namespace Courier;

internal sealed partial class RequestTimer
{
    /// <summary>
    /// Checks this timer's deadline at a watchdog tick: false when it no longer needs watching (disposed, fired, or not
    /// armed — its next arming watches it again).
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
            // Unwatched first, then look again: an Arm that stored its deadline before seeing _watched == 1 is seen here.
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
    /// The one process-wide timer that checks every armed <see cref="RequestTimer"/>. Each thread that arms timers has
    /// its own ring of slots (<see cref="Slots"/>): arming stores the timer in the next free slot of the arming thread's
    /// ring (no allocation, no write to memory other threads write), disposing a timer clears its slot, and a timer
    /// that ticks every <see cref="TickMilliseconds"/> ms while anything is watched scans every ring and cancels each
    /// timer whose deadline passed. A timer still watched when its thread's ring comes round to it again (a request
    /// that outlives a ring's worth of later requests on that thread) moves to a shared list, checked at the same tick.
    /// </summary>
    internal static class Watchdog
    {
        public const int TickMilliseconds = 10;

        /// <summary>Slots per thread (a power of two): a thread's ring comes round after this many armings.</summary>
        public const int SlotCount = 256;

        /// <summary>How many slots an arming looks at for a free one before it moves the timer in the last to the shared list.</summary>
        private const int Probes = 4;

        private static readonly ITimer Ticker = CreateTicker();
        private static readonly Lock Registering = new();
        private static Slots[] s_rings = [];
        private static Node? s_moved;
        private static int s_ticking;

        [ThreadStatic]
        private static Slots? t_ring;

        public static void Watch(RequestTimer timer)
        {
            var ring = t_ring ?? Register();
            var index = ring.Claim();
            timer._slotIndex = index;
            Volatile.Write(ref timer._ring, ring);
            ring.Armings++;

            // A full fence: the flags below are read after the slot is set (see Dispose, and Tick's end).
            Interlocked.Exchange(ref ring.Timers[index], timer);
            if (timer._disposed)
            {
                // Disposed while being armed: Dispose may have looked for the slot before it was set.
                Release(ring, index, timer);
            }

            StartTicking();
        }

        /// <summary>
        /// Clears <paramref name="timer"/>'s slot, only while the slot is still that timer's: a slot is reused once its
        /// timer is gone, and a late clear must not take another timer off the watch.
        /// </summary>
        public static void Release(Slots ring, int index, RequestTimer timer) => Interlocked.CompareExchange(ref ring.Timers[index], null, timer);

        /// <summary>Every ring, and the timers the shared list holds (for tests).</summary>
        internal static IEnumerable<RequestTimer> Watched()
        {
            foreach (var ring in Volatile.Read(ref s_rings))
            {
                for (var i = 0; i < SlotCount; i++)
                {
                    if (Volatile.Read(ref ring.Timers[i]) is { } timer)
                    {
                        yield return timer;
                    }
                }
            }

            for (var node = Volatile.Read(ref s_moved); node is not null; node = node.Next)
            {
                yield return node.Timer;
            }
        }

        /// <summary>How many rings exist (one per thread that armed a timer and is alive, or was when last needed).</summary>
        internal static int RingCount => Volatile.Read(ref s_rings).Length;

        private static void StartTicking()
        {
            // Read before the exchange: while the ticker runs (the steady state of a busy client) this stays a shared
            // read, not a write every core's arming would bounce between caches.
            if (Volatile.Read(ref s_ticking) == 0 && Interlocked.Exchange(ref s_ticking, 1) == 0)
            {
                Ticker.Change(TimeSpan.FromMilliseconds(TickMilliseconds), Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>
        /// This thread's ring: the ring of a thread that has ended (its timers may still be watched: it keeps them,
        /// and its new owner skips their slots) or a new one, so threads that come and go do not add rings forever.
        /// </summary>
        private static Slots Register()
        {
            lock (Registering)
            {
                var rings = s_rings;
                foreach (var ring in rings)
                {
                    if (!ring.Owner.IsAlive)
                    {
                        ring.Owner = Thread.CurrentThread;
                        return t_ring = ring;
                    }
                }

                var added = new Slots(Thread.CurrentThread);
                Volatile.Write(ref s_rings, [.. rings, added]);
                return t_ring = added;
            }
        }

        /// <summary>A timer still watched whose slot its thread needs again: on the shared list until it needs no watching.</summary>
        private static void Move(RequestTimer timer) => Push(new Node(timer));

        /// <summary>Puts a node on the shared list (a compare-and-swap loop: the tick takes the whole list at once).</summary>
        private static void Push(Node node)
        {
            var head = Volatile.Read(ref s_moved);
            while (true)
            {
                node.Next = head;
                var seen = Interlocked.CompareExchange(ref s_moved, node, head);
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
            var rings = Volatile.Read(ref s_rings);
            long armings = 0;
            var watching = false;
            foreach (var ring in rings)
            {
                armings += Volatile.Read(ref ring.Armings);
                var timers = ring.Timers;
                for (var i = 0; i < timers.Length; i++)
                {
                    if (Volatile.Read(ref timers[i]) is not { } timer)
                    {
                        continue;
                    }

                    if (Check(timer, now))
                    {
                        watching = true;
                    }
                    else
                    {
                        Interlocked.CompareExchange(ref timers[i], null, timer);
                    }
                }
            }

            var moved = Interlocked.Exchange(ref s_moved, null);
            while (moved is not null)
            {
                var next = moved.Next;
                if (Check(moved.Timer, now))
                {
                    // Still watched: its node goes back on the list (no new node per tick for a long request).
                    Push(moved);
                    watching = true;
                }

                moved = next;
            }

            if (watching)
            {
                Ticker.Change(TimeSpan.FromMilliseconds(TickMilliseconds), Timeout.InfiniteTimeSpan);
                return;
            }

            // Nothing left to watch: stop ticking. An arming racing this restarts it: it counts itself, then (after a
            // full fence) reads the flag; this clears the flag, then (after a full fence) counts again, so one side
            // sees the other's write.
            Volatile.Write(ref s_ticking, 0);
            Interlocked.MemoryBarrier();
            long after = 0;
            foreach (var ring in Volatile.Read(ref s_rings))
            {
                after += Volatile.Read(ref ring.Armings);
            }

            if ((after != armings || !ReferenceEquals(rings, Volatile.Read(ref s_rings)) || Volatile.Read(ref s_moved) is not null)
                && Interlocked.Exchange(ref s_ticking, 1) == 0)
            {
                Ticker.Change(TimeSpan.FromMilliseconds(TickMilliseconds), Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Whether a timer is still watched after this tick's look at it (a failing cancellation callback is the request's own).</summary>
        private static bool Check(RequestTimer timer, long now)
        {
            try
            {
                return timer.StillWatched(now);
            }
            catch (ObjectDisposedException)
            {
                // Disposed while being checked: the request ended.
                return false;
            }
            catch (AggregateException)
            {
                // A cancellation callback failed: the request sees its own failure; the watchdog goes on.
                return false;
            }
        }

        /// <summary>One thread's ring of slots. Only its owner stores timers in it; anyone may clear a slot (by compare-and-swap).</summary>
        internal sealed class Slots(Thread owner)
        {
            public readonly RequestTimer?[] Timers = new RequestTimer?[SlotCount];

            /// <summary>Armings on this ring (written by its owner only): lets the tick see one that raced its stop.</summary>
            public long Armings;

            private int _next;

            public Thread Owner { get; set; } = owner;

            /// <summary>
            /// The next free slot among the next few; when all are taken (long requests), the last one's timer moves to
            /// the shared list and its slot is taken.
            /// </summary>
            public int Claim()
            {
                var index = 0;
                for (var probe = 0; probe < Probes; probe++)
                {
                    index = _next;
                    _next = (index + 1) & (SlotCount - 1);
                    if (Volatile.Read(ref Timers[index]) is null)
                    {
                        return index;
                    }
                }

                if (Interlocked.Exchange(ref Timers[index], null) is { } held)
                {
                    Move(held);
                }

                return index;
            }
        }

        /// <summary>A timer on the shared list (see <see cref="Move"/>).</summary>
        internal sealed class Node(RequestTimer timer)
        {
            public RequestTimer Timer { get; } = timer;

            public Node? Next { get; set; }
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
