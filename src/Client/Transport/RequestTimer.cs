namespace Courier;

/// <summary>
/// The client's read and write timeouts for one request, shared with the transport through the request message.
/// One cancellation source is re-armed per phase: while the transport waits for the pool or connects, it is paused
/// (those phases have their own timeouts); while the body is written, each chunk gets <see cref="Timeouts.Write"/>;
/// then the wait for the head, and each body read, gets <see cref="Timeouts.Read"/>. When it fires, the phase it fired
/// in names the exception.
/// </summary>
internal sealed class RequestTimer : IDisposable
{
    public static readonly HttpRequestOptionsKey<RequestTimer> Key = new("courier.timer");

    private readonly CancellationTokenSource _cts;
    private readonly Timeouts _timeouts;
    private readonly CancellationToken _callerToken;
    private bool _disposed;

    public RequestTimer(Timeouts timeouts, TimeProvider clock, CancellationToken callerToken)
    {
        _timeouts = timeouts;
        _callerToken = callerToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _ = clock;
        _cts.Token.Register(static state => ((RequestTimer)state!).OnFired(), this);
    }

    public enum TimerPhase
    {
        Idle,
        Write,
        ReadHead,
        ReadBody,
    }

    public CancellationToken Token => _cts.Token;

    public Timeouts Timeouts => _timeouts;

    /// <summary>The phase the timer fired in, or <see cref="TimerPhase.Idle"/> when it has not fired.</summary>
    public TimerPhase FiredIn { get; private set; }

    public TimerPhase Current { get; private set; }

    public bool CallerCancelled => _callerToken.IsCancellationRequested;

    public bool HasFired => FiredIn != TimerPhase.Idle;

    /// <summary>Stops the clock (pool wait, connecting: the transport's own timeouts apply).</summary>
    public void Pause() => Arm(TimerPhase.Idle, Timeout.InfiniteTimeSpan);

    public void StartWrite() => Arm(TimerPhase.Write, _timeouts.Write);

    public void StartReadHead() => Arm(TimerPhase.ReadHead, _timeouts.Read);

    public void StartReadBody() => Arm(TimerPhase.ReadBody, _timeouts.Read);

    /// <summary>Pauses the clock and returns the phase it was in, for <see cref="Resume"/> (pool wait, connecting).</summary>
    public TimerPhase Suspend()
    {
        var phase = Current;
        Pause();
        return phase;
    }

    /// <summary>Re-arms <paramref name="phase"/> with its full timeout after a pause.</summary>
    public void Resume(TimerPhase phase)
    {
        switch (phase)
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
        lock (_cts)
        {
            _disposed = true;
            _cts.Dispose();
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

    private void Arm(TimerPhase phase, TimeSpan timeout)
    {
        // The transport may touch the timer of a request that already ended (a connection attempt outlives it).
        lock (_cts)
        {
            if (_disposed || HasFired || _cts.IsCancellationRequested)
            {
                return;
            }

            Current = phase;
            _cts.CancelAfter(timeout == Timeout.InfiniteTimeSpan || phase == TimerPhase.Idle ? Timeout.InfiniteTimeSpan : timeout);
        }
    }

    private void OnFired()
    {
        if (!_callerToken.IsCancellationRequested && FiredIn == TimerPhase.Idle)
        {
            FiredIn = Current;
        }
    }
}
