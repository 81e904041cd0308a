using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Courier.TestHost;

/// <summary>
/// The requests in flight through one transport. TestServer neither fails in-flight requests when its host is
/// disposed nor tells anyone it was: while requests are in flight, a timer checks every 100 ms whether the server's
/// services were disposed, and if so aborts them all (the callers get <see cref="ObjectDisposedException"/>).
/// </summary>
internal sealed class InFlightTracker : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private readonly TestServer _server;
    private readonly Lock _gate = new(); // a managed lock: no runtime call per request
    private InFlightRequest? _head; // an intrusive list: no hashing (a first GetHashCode is a runtime call) per request
    private int _count;
    private ITimer? _timer;
    private bool _gone;
    private bool _armed;
    private string _goneReason = string.Empty;

    public InFlightTracker(TestServer server) => _server = server;

    /// <summary>How many requests are tracked now (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public InFlightRequest Start()
    {
        var flight = new InFlightRequest(this);
        lock (_gate)
        {
            if (_gone)
            {
                flight.Dispose();
                throw new ObjectDisposedException(nameof(TestServer), $"{_goneReason} Start a new server (or transport) for further requests.");
            }

            flight.Next = _head;
            if (_head is not null)
            {
                _head.Previous = flight;
            }

            _head = flight;
            flight.Listed = true;
            _count++;
            if (!_armed)
            {
                // A one-shot check, re-armed by Check while requests remain, so an idle transport holds no running
                // timer and a busy one does not touch the timer queue on every request.
                _armed = true;
                _timer ??= TimeProvider.System.CreateTimer(static state => ((InFlightTracker)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(Period, Timeout.InfiniteTimeSpan);
            }
        }

        return flight;
    }

    /// <summary>
    /// After a send failed with <see cref="ObjectDisposedException"/>: whether the server (or its host) is gone, in which
    /// case the requests still in flight are aborted too. Checked on failure only, not before every send (TestServer
    /// refuses a send itself once disposed, and a host's disposal disposes its TestServer).
    /// </summary>
    public bool ServerIsGone()
    {
        if (!IsServerDisposed())
        {
            return false;
        }

        AbortAll("The TestServer (or the host it belongs to) was disposed.");
        return true;
    }

    public ObjectDisposedException ServerDisposed(Exception? inner = null) =>
        new($"{_goneReason} Requests in flight were aborted; start a new server for further requests.", inner);

    public void Remove(InFlightRequest flight)
    {
        lock (_gate)
        {
            if (!flight.Listed)
            {
                return;
            }

            if (flight.Previous is { } previous)
            {
                previous.Next = flight.Next;
            }
            else
            {
                _head = flight.Next;
            }

            if (flight.Next is { } next)
            {
                next.Previous = flight.Previous;
            }

            flight.Previous = flight.Next = null;
            flight.Listed = false;
            _count--;
        }
    }

    public void Dispose() => AbortAll("The TestServerTransport was disposed.");

    private void Check()
    {
        lock (_gate)
        {
            if (_count == 0 || _gone)
            {
                _armed = false;
                return;
            }
        }

        if (IsServerDisposed())
        {
            AbortAll("The TestServer (or the host it belongs to) was disposed.");
            return;
        }

        lock (_gate)
        {
            if (!_gone)
            {
                _timer?.Change(Period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void AbortAll(string reason)
    {
        InFlightRequest[] aborted;
        lock (_gate)
        {
            if (_gone)
            {
                return;
            }

            _gone = true;
            _goneReason = reason;
            aborted = new InFlightRequest[_count];
            var i = 0;
            for (var flight = _head; flight is not null; flight = flight.Next)
            {
                aborted[i++] = flight;
                flight.Listed = false;
            }

            for (var flight = _head; flight is not null;)
            {
                var next = flight.Next;
                flight.Previous = flight.Next = null;
                flight = next;
            }

            _head = null;
            _count = 0;
            _timer?.Dispose();
            _timer = null;
        }

        foreach (var flight in aborted)
        {
            flight.AbortBecauseGone();
        }
    }

    private bool IsServerDisposed()
    {
        try
        {
            _ = _server.Services.GetService(typeof(IServer));
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}

/// <summary>
/// One request in flight. It aborts the app's request through its <see cref="HttpContext"/> (the app sees
/// <c>RequestAborted</c>, and TestServer fails the pending head or body read at once): when the caller cancels the
/// send, or the server or transport goes away. No linked token source per request.
/// </summary>
internal sealed class InFlightRequest : IDisposable
{
    private readonly InFlightTracker _owner;
    private HttpContext? _context;
    private IDisposable? _requestBody;
    private CancellationTokenRegistration _registration;
    private int _aborted;
    private int _disposed;

    public InFlightRequest(InFlightTracker owner) => _owner = owner;

    /// <summary>Whether this request was aborted because the server or the transport was disposed.</summary>
    public bool ServerGone { get; private set; }

    public InFlightTracker Owner => _owner;

    // The owner's list links, guarded by its lock.
    internal InFlightRequest? Previous { get; set; }

    internal InFlightRequest? Next { get; set; }

    internal bool Listed { get; set; }

    /// <summary>Whether the app's context was attached (the request was presented to the app).</summary>
    public bool Attached => Volatile.Read(ref _context) is not null;

    /// <summary>Called on the server side once the app's context exists; aborts it at once if the abort came first.</summary>
    public void Attach(HttpContext context, IDisposable? requestBody)
    {
        _requestBody = requestBody;

        // Either this sees the abort or the abort sees the context (both sides write, then read, with full fences).
        Interlocked.Exchange(ref _context, context);
        if (Volatile.Read(ref _aborted) == 1)
        {
            context.Abort();
        }
    }

    /// <summary>Aborts the request when the caller cancels the send, until <see cref="HeadArrived"/>.</summary>
    public void WatchCaller(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static state => ((InFlightRequest)state!).Abort(), this);
        }
    }

    /// <summary>Over a socket the send's token no longer matters once the head arrived; body reads carry their own.</summary>
    public void HeadArrived() => _registration.Unregister();

    public void AbortBecauseGone()
    {
        ServerGone = true;
        Abort();
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);

        // The app sees RequestAborted; TestServer fails the pending head or body read (a no-op once the app finished).
        Volatile.Read(ref _context)?.Abort();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registration.Unregister();
            _owner.Remove(this);
            Interlocked.Exchange(ref _requestBody, null)?.Dispose();
        }
    }
}
