namespace Courier;

/// <summary>
/// What <see cref="HttpTransport"/> learns about one request while <see cref="SocketsHttpHandler"/> handles it:
/// carried in the request message's options, because the connect callback only sees the request that opened the
/// connection. Tells the transport which failure to report (a connect timeout, a blocked re-send).
/// </summary>
internal sealed class TransportState
{
    public static readonly HttpRequestOptionsKey<TransportState> Key = new("courier.transport");

    private readonly Lock _gate = new();
    private CancellationTokenSource? _connectDeadline;
    private RequestTimer.TimerPhase _pausedPhase;

    public TransportState(RequestTimer? timer, Request? request, Timeouts timeouts)
    {
        Timer = timer;
        Request = request;
        Timeouts = timeouts;
    }

    public RequestTimer? Timer { get; }

    public Request? Request { get; }

    public Timeouts Timeouts { get; }

    /// <summary>The connect deadline (TCP and TLS) passed while this request's connection was being opened.</summary>
    public bool ConnectTimedOut { get; set; }

    /// <summary>The handler tried to send this non-idempotent request a second time (a reused connection died).</summary>
    public bool ResendBlocked { get; set; }

    /// <summary>How many TCP connection attempts failed and were retried.</summary>
    public int ConnectRetries { get; set; }

    public static TransportState? Of(HttpRequestMessage? message) =>
        message is CourierRequestMessage courier ? courier.TransportState
        : message is not null && message.Options.TryGetValue(Key, out var state) ? state : null;

    /// <summary>Attaches the state to its message (in a field of the client's own messages, else in the options).</summary>
    public static void Attach(HttpRequestMessage message, TransportState state)
    {
        if (message is CourierRequestMessage courier)
        {
            courier.TransportState = state;
        }
        else
        {
            message.Options.Set(Key, state);
        }
    }

    /// <summary>A connection was opened for this request (it may then have been sent on it, or on another one).</summary>
    public bool OpenedConnection { get; private set; }

    /// <summary>Connecting started: the client's read/write clock pauses; <paramref name="deadline"/> bounds TCP + TLS.</summary>
    public void ConnectStarted(CancellationTokenSource deadline)
    {
        lock (_gate)
        {
            OpenedConnection = true;
            if (_connectDeadline is null)
            {
                _pausedPhase = Timer?.Suspend() ?? RequestTimer.TimerPhase.Idle;
            }
            else
            {
                _connectDeadline.Dispose();
            }

            _connectDeadline = deadline;
        }
    }

    /// <summary>TCP and TLS are done: the connect deadline ends, the paused phase resumes with its full timeout.</summary>
    public void ConnectFinished()
    {
        lock (_gate)
        {
            if (_connectDeadline is null)
            {
                return;
            }

            _connectDeadline.Dispose();
            _connectDeadline = null;
            Timer?.Resume(_pausedPhase);
        }
    }
}
