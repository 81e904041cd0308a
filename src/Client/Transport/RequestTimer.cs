using System.Diagnostics;

namespace Courier;

/// <summary>
/// The client's read and write timeouts for one request, shared with the transport through the request message.
/// The timer is itself the request's cancellation source (one object), linked to the caller's token. A phase is armed
/// by storing its deadline: while the transport waits for the pool or connects, the clock is suspended (those phases
/// have their own timeouts); while the body is written, each chunk gets <see cref="Timeouts.Write"/>; then the wait
/// for the head, and each body read, gets <see cref="Timeouts.Read"/>. When a deadline passes, the phase it was set
/// for names the exception.
/// Cost: arming or pausing a phase is a couple of stores (no lock, no timer call, no allocation): the first arming
/// puts the timer in a slot of the arming thread's ring on the process-wide <see cref="Watchdog"/>, whose one timer ticks every
/// <see cref="Watchdog.TickMilliseconds"/> ms while anything is watched and cancels each timer whose deadline passed.
/// So a timeout fires within its bound plus about one tick, and a 1 GiB download costs no timer call per read. With
/// infinite read and write timeouts nothing is linked or watched (the caller's token is used as is); an in-memory
/// transport answering at once never arms it (no lock, no slot).
/// It also carries the network transport's connection permit for an HTTP/1.1 response (see
/// <see cref="AttachPermit"/>): given back at the end of the body, or when the timer is disposed.
/// </summary>
internal sealed partial class RequestTimer : CancellationTokenSource
{
    public static readonly HttpRequestOptionsKey<RequestTimer> Key = new("courier.timer");

    private const long NotArmed = long.MaxValue;

    private readonly Timeouts _timeouts;
    private readonly CancellationToken _callerToken;
    private readonly bool _timed;
    private readonly CancellationTokenRegistration _callerLink;
    private readonly long _readTicks;
    private readonly long _writeTicks;
    private long _deadline = NotArmed;
    private int _watched;
    private Watchdog.Slots? _ring;
    private int _slotIndex;
    private volatile bool _disposed;
    private volatile bool _suspended;
    private TimerPhase _resumePhase;
    private volatile TimerPhase _firedIn;
    private PermitGate? _permit;

    public RequestTimer(Timeouts timeouts, CancellationToken callerToken)
    {
        _timeouts = timeouts;
        _callerToken = callerToken;
        _timed = timeouts.Read != Timeout.InfiniteTimeSpan || timeouts.Write != Timeout.InfiniteTimeSpan;
        _readTicks = timeouts.ReadTicks;
        _writeTicks = timeouts.WriteTicks;
        if (_timed && callerToken.CanBeCanceled)
        {
            _callerLink = callerToken.UnsafeRegister(static state => ((RequestTimer)state!).CancelFromCaller(), this);
        }
    }

    public enum TimerPhase
    {
        Idle,
        Write,
        ReadHead,
        ReadBody,
    }

    /// <summary>The token the transport and the body reads get: the caller's, plus the timeouts when any is finite.</summary>
    public new CancellationToken Token => _timed ? base.Token : _callerToken;

    public Timeouts Timeouts => _timeouts;

    /// <summary>The phase the timer fired in, or <see cref="TimerPhase.Idle"/> when it has not fired (or the caller cancelled).</summary>
    public TimerPhase FiredIn => _timed && !_callerToken.IsCancellationRequested ? _firedIn : TimerPhase.Idle;

    public TimerPhase Current { get; private set; }

    public bool CallerCancelled => _callerToken.IsCancellationRequested;

    /// <summary>The caller's token this timer is linked to (a read given the same token needs no second link).</summary>
    public CancellationToken CallerToken => _callerToken;

    public bool HasFired => FiredIn != TimerPhase.Idle;

    /// <summary>Stops the clock (the phase ended; nothing is timed until the next one is armed).</summary>
    public void Pause()
    {
        Current = TimerPhase.Idle;
        if (_timed)
        {
            Volatile.Write(ref _deadline, NotArmed);
        }
    }

    public void StartWrite() => Arm(TimerPhase.Write, _writeTicks);

    public void StartReadHead() => Arm(TimerPhase.ReadHead, _readTicks);

    public void StartReadBody() => Arm(TimerPhase.ReadBody, _readTicks);

    /// <summary>
    /// Pauses the clock while the transport waits for the pool or connects, and returns the phase it was in. Until
    /// <see cref="Resume"/>, arming a phase (the client starting the head wait while the send is already pending) only
    /// records it as the phase to resume: the pool and connect waits have their own timeouts.
    /// </summary>
    public TimerPhase Suspend()
    {
        if (!_timed)
        {
            return TimerPhase.Idle;
        }

        lock (this)
        {
            // Suspended first, deadline cleared second: an Arm racing this either sees the flag (and records its phase
            // here) or stored its deadline before the flag, which the store below then clears (see Arm).
            var wasSuspended = _suspended;
            _suspended = true;
            Interlocked.MemoryBarrier();
            _resumePhase = wasSuspended ? _resumePhase : Current;
            Volatile.Write(ref _deadline, NotArmed);
            return _resumePhase;
        }
    }

    /// <summary>Ends a suspension and re-arms the latest phase asked for (at least <paramref name="phase"/>) with its full timeout.</summary>
    public void Resume(TimerPhase phase)
    {
        if (!_timed)
        {
            return;
        }

        TimerPhase resume;
        lock (this)
        {
            _suspended = false;
            resume = _resumePhase > phase ? _resumePhase : phase;
            _resumePhase = TimerPhase.Idle;
        }

        switch (resume)
        {
            case TimerPhase.ReadHead:
                StartReadHead();
                break;
            case TimerPhase.ReadBody:
                StartReadBody();
                break;
            case TimerPhase.Write:
                StartWrite();
                break;
            default:
                Pause();
                break;
        }
    }

    /// <summary>The typed timeout exception when the timer fired, else null.</summary>
    public HttpTimeoutException? TimeoutFor(Request request, Exception? inner = null) => FiredIn switch
    {
        TimerPhase.Write => new WriteTimeoutException($"Writing the request body of {request.Method} {UrlBuilder.Redact(request.Url)} took longer than the write timeout of {Format(_timeouts.Write)} for one chunk.", request, inner),
        TimerPhase.ReadHead => new ReadTimeoutException($"No response head for {request.Method} {UrlBuilder.Redact(request.Url)} within the read timeout of {Format(_timeouts.Read)}.", request, inner),
        TimerPhase.ReadBody => new ReadTimeoutException($"The response body of {request.Method} {UrlBuilder.Redact(request.Url)} stalled: no data within the read timeout of {Format(_timeouts.Read)}.", request, inner),
        _ => null,
    };

    internal static string Format(TimeSpan value) => value == Timeout.InfiniteTimeSpan ? "infinity" : $"{value.TotalSeconds:0.###} s";

    /// <summary>
    /// Hands the timer the HTTP/1.1 connection permit the transport took for this request: it is given back when the
    /// body is read to its end (<see cref="ReleasePermit"/>) or the timer is disposed (the body closed). False when the
    /// timer already holds one (the caller then keeps its own).
    /// </summary>
    public bool AttachPermit(PermitGate permit) => !_disposed && Interlocked.CompareExchange(ref _permit, permit, null) is null;

    /// <summary>Gives the connection permit back, once.</summary>
    public void ReleasePermit() => Interlocked.Exchange(ref _permit, null)?.Release();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            // The watchdog drops a disposed timer at its next tick. One that may be checking this timer right now
            // (it is watched) cancels under the lock, so disposal waits for it; a timer that was never watched
            // skips the lock (the common case: an answer before any arming). The fence orders the flag before the
            // look at _watched, and an arming that watches it later is seen as disposed at the next tick.
            _disposed = true;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _watched) != 0)
            {
                lock (this)
                {
                }
            }

            // Off the watchdog at once: its slot (until the next tick) no longer keeps this timer, its registrations
            // and its permit alive, so a finished request's timer dies young instead of being promoted.
            if (Volatile.Read(ref _ring) is { } ring)
            {
                Watchdog.Release(ring, _slotIndex, this);
            }

            _callerLink.Dispose();
            ReleasePermit();
        }

        base.Dispose(disposing);
    }

    /// <summary>A timeout in <see cref="Stopwatch"/> ticks; <see cref="NotArmed"/> for an infinite one.</summary>
    internal static long Ticks(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? NotArmed : (long)Math.Min(timeout.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4);

    private void Arm(TimerPhase phase, long timeout)
    {
        if (!_timed)
        {
            // No finite read or write timeout: nothing to arm.
            Current = phase;
            return;
        }

        if (_suspended || _disposed || IsCancellationRequested)
        {
            ArmSlow(phase);
            return;
        }

        Current = phase;
        if (timeout == NotArmed)
        {
            Volatile.Write(ref _deadline, NotArmed);
            return;
        }

        // A full fence (Exchange) between storing the deadline and reading _suspended / _watched: Suspend and the
        // watchdog write those first and read the deadline second, so one side always sees the other.
        Interlocked.Exchange(ref _deadline, Stopwatch.GetTimestamp() + timeout);
        if (_suspended)
        {
            ArmSlow(phase);
            return;
        }

        if (Volatile.Read(ref _watched) == 0 && Interlocked.CompareExchange(ref _watched, 1, 0) == 0)
        {
            Watchdog.Watch(this);
        }
    }

    /// <summary>Arming while suspended (record the phase to resume), disposed or fired (nothing to do).</summary>
    private void ArmSlow(TimerPhase phase)
    {
        lock (this)
        {
            if (_disposed || IsCancellationRequested)
            {
                return;
            }

            if (_suspended)
            {
                if (phase != TimerPhase.Idle)
                {
                    _resumePhase = phase;
                }

                Volatile.Write(ref _deadline, NotArmed);
                return;
            }
        }

        // Resumed meanwhile: arm normally.
        Arm(phase, phase == TimerPhase.Write ? _writeTicks : _readTicks);
    }

    private void CancelFromCaller()
    {
        try
        {
            Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended.
        }
    }
}
