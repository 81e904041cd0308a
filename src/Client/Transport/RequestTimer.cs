namespace Courier;

/// <summary>
/// The client's read and write timeouts for one request, shared with the transport through the request message.
/// One cancellation source is re-armed per phase: while the transport waits for the pool or connects, it is paused
/// (those phases have their own timeouts); while the body is written, each chunk gets <see cref="Timeouts.Write"/>;
/// then the wait for the head, and each body read, gets <see cref="Timeouts.Read"/>. When it fires, the phase it fired
/// in names the exception.
/// Cost on the common path: with infinite read and write timeouts there is no source at all (the caller's token is
/// used as is); otherwise one source, whose timer and callback are created only when a phase is first armed, and no
/// lock is taken until then (an in-memory transport that answers at once never arms it).
/// </summary>
internal sealed class RequestTimer : IDisposable
{
    public static readonly HttpRequestOptionsKey<RequestTimer> Key = new("courier.timer");

    /// <summary>Taken in place of a gate by anyone arriving after <see cref="Dispose"/>: they see the timer disposed.</summary>
    private static readonly Lock DisposedGate = new();

    private readonly CancellationTokenSource? _cts;
    private readonly Timeouts _timeouts;
    private readonly CancellationToken _callerToken;
    private Lock? _gate;
    private volatile bool _disposed;
    private bool _registered;
    private bool _suspended;
    private TimerPhase _resumePhase;

    public RequestTimer(Timeouts timeouts, CancellationToken callerToken)
    {
        _timeouts = timeouts;
        _callerToken = callerToken;
        if (timeouts.Read != Timeout.InfiniteTimeSpan || timeouts.Write != Timeout.InfiniteTimeSpan)
        {
            _cts = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
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
    public CancellationToken Token => _cts?.Token ?? _callerToken;

    public Timeouts Timeouts => _timeouts;

    /// <summary>
    /// The phase the timer fired in, or <see cref="TimerPhase.Idle"/> when it has not fired: worked out from the token's
    /// state when asked (the phase in force when the source was cancelled, which no later arming changes).
    /// </summary>
    public TimerPhase FiredIn =>
        _cts is { IsCancellationRequested: true } && !_callerToken.IsCancellationRequested ? Current : TimerPhase.Idle;

    public TimerPhase Current { get; private set; }

    public bool CallerCancelled => _callerToken.IsCancellationRequested;

    /// <summary>The caller's token this timer is linked to (a read given the same token needs no second link).</summary>
    public CancellationToken CallerToken => _callerToken;

    public bool HasFired => FiredIn != TimerPhase.Idle;

    /// <summary>Stops the clock (pool wait, connecting: the transport's own timeouts apply).</summary>
    public void Pause()
    {
        if (Volatile.Read(ref _gate) is null)
        {
            // Never armed nor suspended: nothing is running, so there is nothing to stop (and no lock to take).
            Current = TimerPhase.Idle;
            return;
        }

        Arm(TimerPhase.Idle, Timeout.InfiniteTimeSpan);
    }

    public void StartWrite() => Arm(TimerPhase.Write, _timeouts.Write);

    public void StartReadHead() => Arm(TimerPhase.ReadHead, _timeouts.Read);

    public void StartReadBody() => Arm(TimerPhase.ReadBody, _timeouts.Read);

    /// <summary>
    /// Pauses the clock while the transport waits for the pool or connects, and returns the phase it was in. Until
    /// <see cref="Resume"/>, arming a phase (the client starting the head wait while the send is already pending) only
    /// records it as the phase to resume: the pool and connect waits have their own timeouts.
    /// </summary>
    public TimerPhase Suspend()
    {
        if (_cts is null)
        {
            return TimerPhase.Idle;
        }

        lock (Gate)
        {
            _resumePhase = _suspended ? _resumePhase : Current;
            ArmLocked(TimerPhase.Idle, Timeout.InfiniteTimeSpan);
            _suspended = true;
            return _resumePhase;
        }
    }

    /// <summary>Ends a suspension and re-arms the latest phase asked for (at least <paramref name="phase"/>) with its full timeout.</summary>
    public void Resume(TimerPhase phase)
    {
        if (_cts is null)
        {
            return;
        }

        TimerPhase resume;
        lock (Gate)
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

    public void Dispose()
    {
        // The transport may touch the timer of a request that already ended (a connection attempt outlives it): it
        // either holds the gate (then we wait for it) or finds the disposed gate and sees _disposed.
        _disposed = true;
        var gate = Interlocked.CompareExchange<Lock?>(ref _gate, DisposedGate, null);
        if (gate is null || gate == DisposedGate)
        {
            _cts?.Dispose();
            return;
        }

        lock (gate)
        {
            _cts?.Dispose();
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

    /// <summary>The lock, created on first need (most requests answered at once never take it).</summary>
    private Lock Gate => Volatile.Read(ref _gate) ?? Interlocked.CompareExchange<Lock?>(ref _gate, new Lock(), null) ?? _gate!;

    private void Arm(TimerPhase phase, TimeSpan timeout)
    {
        if (_cts is null)
        {
            // No finite read or write timeout: nothing to arm.
            Current = phase;
            return;
        }

        lock (Gate)
        {
            ArmLocked(phase, timeout);
        }
    }

    private void ArmLocked(TimerPhase phase, TimeSpan timeout)
    {
        if (_disposed || HasFired || _cts!.IsCancellationRequested)
        {
            return;
        }

        if (_suspended)
        {
            if (phase != TimerPhase.Idle)
            {
                _resumePhase = phase;
            }

            return;
        }

        Current = phase;
        if (timeout == Timeout.InfiniteTimeSpan || phase == TimerPhase.Idle)
        {
            if (_registered)
            {
                // Only a timer that was ever armed can be running (CancelAfter would otherwise create one).
                _cts.CancelAfter(Timeout.InfiniteTimeSpan);
            }

            return;
        }

        // No callback is registered to note the phase: once the source is cancelled no arming changes Current (see
        // the first check above), so FiredIn reads it from the token's state (one registration less per request).
        _registered = true;
        _cts.CancelAfter(timeout);
    }
}
