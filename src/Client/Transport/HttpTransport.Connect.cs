using System.Net;
using System.Net.Sockets;

namespace Courier;

public sealed partial class HttpTransport
{
    /// <summary>
    /// Opens the TCP (or Unix domain) connection for <see cref="SocketsHttpHandler"/>: binds the local address, sets
    /// TCP_NODELAY, retries failed attempts with backoff (<see cref="ClientOptions.Retries"/>), and starts the connect
    /// deadline, which runs on through the TLS handshake and ends in <see cref="FilterPlaintext"/>. While connecting,
    /// the client's read clock is paused, so a slow connect is reported as a connect timeout, not a read timeout.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var state = StateOf(context.InitialRequestMessage);
        var connectTimeout = state.Timeouts.Connect;
        for (var attempt = 0; ; attempt++)
        {
            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(connectTimeout);
            state?.ConnectStarted(deadline);
            Socket? socket = null;
            try
            {
                socket = await OpenSocketAsync(context.DnsEndPoint, deadline.Token).ConfigureAwait(false);
                var connected = socket;
                deadline.Token.Register(() =>
                {
                    // The TLS handshake has no deadline of its own per request: closing the socket ends it.
                    MarkTimedOut(state);
                    connected.Dispose();
                });
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                socket?.Dispose();
                MarkTimedOut(state);
                throw new TimeoutException($"Connecting to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} took longer than the connect timeout of {RequestTimer.Format(connectTimeout)}.");
            }
            catch (SocketException ex) when (attempt < _options.Retries && ex.SocketErrorCode != SocketError.HostNotFound)
            {
                socket?.Dispose();
                deadline.Dispose();
                if (state is not null)
                {
                    state.ConnectRetries++;
                }

                await Task.Delay(RetryDelay(attempt + 1), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }
    }

    /// <summary>httpx's backoff: the first retry at once, then 0.5 s doubling.</summary>
    internal static TimeSpan RetryDelay(int retry) => retry <= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(0.5 * Math.Pow(2, retry - 2));

    private static void MarkTimedOut(TransportState? state)
    {
        if (state is not null)
        {
            state.ConnectTimedOut = true;
        }
    }

    internal async Task<Socket> OpenSocketAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (_options.Uds is { } path)
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }

        // RFC 6761: names under .invalid never resolve, so no query is sent for them.
        if (endpoint.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) || endpoint.Host.Equals("invalid", StringComparison.OrdinalIgnoreCase))
        {
            throw new SocketException((int)SocketError.HostNotFound, $"The host name '{endpoint.Host}' is under the reserved .invalid domain and never resolves (RFC 6761).");
        }

        var socket = _options.LocalAddress is { } local
            ? new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (_options.LocalAddress is { } bind)
            {
                socket.Bind(new IPEndPoint(bind, 0));
                var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, bind.AddressFamily, cancellationToken).ConfigureAwait(false);
                await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Called once TCP and TLS are done (for every connection, http or https): the connect deadline ends. An HTTP/1.x
    /// connection's stream is guarded (<see cref="GuardedStream"/>); an HTTP/2 one needs no guard (no framing check, no
    /// retry here).
    /// </summary>
    private static ValueTask<Stream> FilterPlaintext(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        TransportState.Of(context.InitialRequestMessage)?.ConnectFinished();
        return ValueTask.FromResult(context.NegotiatedHttpVersion.Major >= 2 ? context.PlaintextStream : new GuardedStream(context.PlaintextStream));
    }
}
