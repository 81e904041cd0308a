using Microsoft.AspNetCore.Hosting.Server;
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
    private readonly HashSet<InFlightRequest> _requests = [];
    private ITimer? _timer;
    private bool _gone;
    private string _goneReason = string.Empty;

    public InFlightTracker(TestServer server) => _server = server;

    public InFlightRequest Start(CancellationToken cancellationToken)
    {
        var flight = new InFlightRequest(this, cancellationToken);
        lock (_requests)
        {
            if (_gone)
            {
                flight.Dispose();
                throw new ObjectDisposedException(nameof(TestServer), _goneReason);
            }

            _requests.Add(flight);
            if (_requests.Count == 1)
            {
                // Runs only while requests are in flight, so an idle transport holds no timer.
                _timer ??= TimeProvider.System.CreateTimer(static state => ((InFlightTracker)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(Period, Period);
            }
        }

        return flight;
    }

    public void ThrowIfServerDisposed()
    {
        if (IsServerDisposed())
        {
            throw new ObjectDisposedException(nameof(TestServer), "The TestServer (or the host it belongs to) was disposed; start a new one for further requests.");
        }
    }

    public ObjectDisposedException ServerDisposed(Exception? inner = null) =>
        new($"{_goneReason} Requests in flight were aborted.", inner);

    public void Remove(InFlightRequest flight)
    {
        lock (_requests)
        {
            if (_requests.Remove(flight) && _requests.Count == 0)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose() => AbortAll("The TestServerTransport was disposed.");

    private void Check()
    {
        lock (_requests)
        {
            if (_requests.Count == 0 || _gone)
            {
                return;
            }
        }

        if (IsServerDisposed())
        {
            AbortAll("The TestServer (or the host it belongs to) was disposed.");
        }
    }

    private void AbortAll(string reason)
    {
        InFlightRequest[] aborted;
        lock (_requests)
        {
            if (_gone)
            {
                return;
            }

            _gone = true;
            _goneReason = reason;
            aborted = [.. _requests];
            _requests.Clear();
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

/// <summary>One request in flight: its token is linked to the caller's and fires when the server or transport goes away.</summary>
internal sealed class InFlightRequest : IDisposable
{
    private readonly InFlightTracker _owner;
    private readonly CancellationTokenSource _cts;
    private int _disposed;

    public InFlightRequest(InFlightTracker owner, CancellationToken cancellationToken)
    {
        _owner = owner;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>Whether this request was aborted because the server or the transport was disposed.</summary>
    public bool ServerGone { get; private set; }

    public InFlightTracker Owner => _owner;

    public void AbortBecauseGone()
    {
        ServerGone = true;
        Abort();
    }

    public void Abort()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Remove(this);
            _cts.Dispose();
        }
    }
}
