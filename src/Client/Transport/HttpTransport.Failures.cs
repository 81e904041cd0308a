namespace Courier;

public sealed partial class HttpTransport
{
    private Exception? Translate(Exception ex, HttpRequestMessage request, TransportState state)
    {
        if (state.ConnectTimedOut)
        {
            return new ConnectTimeoutException($"Connecting to {Describe(state)} (TCP and TLS handshake) took longer than the connect timeout of {RequestTimer.Format(state.Timeouts.Connect)}.", state.Request, ex);
        }

        if (state.ResendBlocked)
        {
            return new RemoteProtocolException(
                $"The server closed the reused connection without answering {request.Method} {Describe(state)}. Courier did not send it again because {request.Method} is not idempotent and the server may have received it; retry it yourself if that is safe.",
                state.Request,
                ex);
        }

        if (_proxy?.GetProxy(request.RequestUri!) is { } proxy && ex is HttpRequestException
            {
                HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.UserAuthenticationError,
            })
        {
            return new ProxyException($"The proxy {proxy.Scheme}://{proxy.Authority} failed for {request.Method} {Describe(state)}: {ex.Message} Check ClientOptions.Proxy (or HTTP_PROXY / HTTPS_PROXY / ALL_PROXY with TrustEnv).", state.Request, ex);
        }

        return null;
    }

    /// <summary>
    /// Whether a failed HTTP/1.1 exchange may be sent once more: the method is safe (GET, HEAD, OPTIONS, TRACE) and has
    /// no body, the caller did not cancel and no timeout fired, the failure is the connection's (an I/O error, not a
    /// connect failure or a protocol error), and the exchange is linked to its connection with at most one read started
    /// for the response (so none of its bytes arrived: see <see cref="ConnectionLink.Reads"/>). An unlinked exchange
    /// (one that waited for a connection, or whose pooled connection the handler gave up: see
    /// <see cref="GuardedStream"/>) is never re-sent, nor one for which a connection was opened (the handler may have
    /// sent it there after the link was made). See docs/reliability.md, client row 15.
    /// </summary>
    private static bool IsSafeToRetry(Exception ex, HttpRequestMessage request, ConnectionLink? connection, CancellationToken cancellationToken)
    {
        if (connection?.Connection is null || connection.Reads > 1 || TransportState.Of(request) is { OpenedConnection: true }
            || cancellationToken.IsCancellationRequested || request.Content is not null
            || !(request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options || request.Method == HttpMethod.Trace)
            || ex is not HttpRequestException { HttpRequestError: HttpRequestError.Unknown }
            || TransportState.Of(request) is { ConnectTimedOut: true }
            || CourierRequestMessage.TimerOf(request) is { HasFired: true })
        {
            return false;
        }

        // A reset (or an aborted write): SocketsHttpHandler itself already re-sends a request whose reused connection
        // was found closed (end of stream), so only resets are retried here.
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted or System.Net.Sockets.SocketError.Shutdown })
            {
                return true;
            }
        }

        return false;
    }
}
