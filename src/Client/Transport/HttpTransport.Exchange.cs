using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace Courier;

public sealed partial class HttpTransport
{
    /// <summary>
    /// One exchange: the version, a body sent once, the connection permit, <see cref="SocketsHttpHandler"/>, the framing
    /// check and the permit's hand-over. A plain <see cref="HttpClient"/> comes through <see cref="SendAsync"/>;
    /// Courier's client starts the same exchange itself (<see cref="SendFromClientAsync"/>) and, when no permit has to
    /// be waited for, awaits <see cref="SocketsHttpHandler"/>'s task in its own frame and ends the exchange there
    /// (<see cref="EndFromClient"/>): no frame of this transport in between.
    /// </summary>
    private ValueTask<HttpResponseMessage> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = Begin(request, out var permit);
        return ExchangeCoreAsync(request, origin, permit, firstAttempt: 0, cancellationToken);
    }

    /// <summary>
    /// The exchange once begun (<see cref="Begin"/>): the wait for a permit when none was free, the send (a failed
    /// connection retried once, see <see cref="IsSafeToRetry"/>) and <see cref="End"/>. Pooled: each call is consumed
    /// exactly once (awaited, or its result read once when it completed at once).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> ExchangeCoreAsync(
        HttpRequestMessage request, ConnectionPermits.Origin? origin, PermitGate? permit, int firstAttempt, CancellationToken cancellationToken)
    {
        if (permit is null && origin is { IsHttp2: false })
        {
            await WaitForPermitAsync(origin, StateOf(request), cancellationToken).ConfigureAwait(false);
            permit = origin.Slots;
        }

        HttpResponseMessage response;
        ConnectionLink? connection;
        for (var attempt = firstAttempt; ; attempt++)
        {
            connection = permit is not null ? new ConnectionLink() : null;
            try
            {
                response = await SendLinkedAsync(request, connection, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt == 0 && IsSafeToRetry(ex, request, connection, cancellationToken))
            {
                // RELIABILITY.md client row 15: a safe bodyless request whose connection failed before any byte of
                // its response arrived is sent once more; the failed connection is gone, so another one serves it.
                RestartHead(request);
            }
            catch (Exception ex)
            {
                if (Failed(ex, request, permit, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                throw;
            }
        }

        return End(request, response, origin, permit, connection);
    }

    /// <summary>
    /// Courier's client starting its own message's exchange. When a permit was free (or none is needed) the handler's
    /// own task is returned, <paramref name="direct"/> is true, and the client ends the exchange with
    /// <see cref="EndFromClient"/> (or <see cref="RecoverFromClientAsync"/> when the send failed); otherwise the whole
    /// exchange, the wait for a permit included, is returned. Only when nobody listens to System.Net.Http's event
    /// source: <see cref="HttpMessageInvoker"/> writes its request start and stop events, so then the client goes through it.
    /// </summary>
    internal ValueTask<HttpResponseMessage> SendFromClientAsync(CourierRequestMessage request, CancellationToken cancellationToken, out bool direct)
    {
        var origin = Begin(request, out var permit);
        if (permit is null && origin is { IsHttp2: false })
        {
            direct = false;
            return ExchangeCoreAsync(request, origin, permit, firstAttempt: 0, cancellationToken);
        }

        direct = true;
        request.ExchangeOrigin = origin;
        request.ExchangePermit = permit;
        request.ExchangeConnection = permit is not null ? new ConnectionLink() : null;
        try
        {
            return new(SendLinkedAsync(request, request.ExchangeConnection, cancellationToken));
        }
        catch (Exception ex)
        {
            // Failures reach the client as from the task: it recovers the same way.
            return ValueTask.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>Ends an exchange the client awaited itself (see <see cref="SendFromClientAsync"/>).</summary>
    internal HttpResponseMessage EndFromClient(CourierRequestMessage request, HttpResponseMessage response) =>
        End(request, response, request.ExchangeOrigin, request.ExchangePermit, request.ExchangeConnection);

    /// <summary>
    /// A send the client awaited itself failed: sent once more when that is safe (then the rest of the exchange as
    /// usual), else the permit is given back and the failure translated, or rethrown as it came.
    /// </summary>
    internal ValueTask<HttpResponseMessage> RecoverFromClientAsync(CourierRequestMessage request, Exception failure, CancellationToken cancellationToken)
    {
        if (IsSafeToRetry(failure, request, request.ExchangeConnection, cancellationToken))
        {
            RestartHead(request);
            return ExchangeCoreAsync(request, request.ExchangeOrigin, request.ExchangePermit, firstAttempt: 1, cancellationToken);
        }

        if (Failed(failure, request, request.ExchangePermit, cancellationToken) is { } translated)
        {
            return ValueTask.FromException<HttpResponseMessage>(translated);
        }

        return ValueTask.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>
    /// An exchange's synchronous start: the version, a body sent once, the origin, and its permit when one is free at
    /// once (null when it must be waited for, or when the origin needs none: forced h2c, or an origin known to answer
    /// over HTTP/2). Returns the origin, null when no permit applies.
    /// </summary>
    private ConnectionPermits.Origin? Begin(HttpRequestMessage request, out PermitGate? permit)
    {
        ApplyVersion(request);
        // The per-request state is made only when something needs it: a body sent once, a new connection (made in
        // ConnectAsync), a pool wait or a failure. A GET on a pooled connection needs none.
        if (!IsIdempotent(request.Method))
        {
            // SocketsHttpHandler re-sends a bodyless request whose reused connection died: an empty body (the same
            // "Content-Length: 0" on the wire) switches that off, and a body may be written only once.
            request.Content = new SendOnceContent(request.Content ?? new ByteArrayContent([]), StateOf(request));
        }

        // Forced h2c / HTTP/2 needs no origin lookup (it builds the host string of each new URL): no permit there.
        var origin = request.Version.Major >= 2 && request.VersionPolicy == HttpVersionPolicy.RequestVersionExact ? null : _permits.For(request.RequestUri!);

        // The held permit's gate until the body (timer or PermitContent) takes it over (End, or a failure, gives it back).
        permit = origin is { IsHttp2: false } && origin.Slots.TryTake() ? origin.Slots : null;
        return origin;
    }

    /// <summary>
    /// The handler's send, inside the window that links the connection it reads or writes on this thread to
    /// <paramref name="connection"/> (see <see cref="GuardedStream"/>; null: an HTTP/2 exchange, nothing to link).
    /// </summary>
    private Task<HttpResponseMessage> SendLinkedAsync(HttpRequestMessage request, ConnectionLink? connection, CancellationToken cancellationToken)
    {
        var previous = GuardedStream.BeginSend(connection);
        try
        {
            return base.SendAsync(request, cancellationToken);
        }
        finally
        {
            GuardedStream.EndSend(previous);
        }
    }

    /// <summary>Before a retry: the wait for the head starts again.</summary>
    private static void RestartHead(HttpRequestMessage request)
    {
        if (CourierRequestMessage.TimerOf(request) is { Current: RequestTimer.TimerPhase.ReadHead } timer)
        {
            timer.StartReadHead();
        }
    }

    /// <summary>A failed send: the permit goes back; the failure's translation, or null to rethrow it as it came.</summary>
    private Exception? Failed(Exception ex, HttpRequestMessage request, PermitGate? permit, CancellationToken cancellationToken)
    {
        permit?.Release();
        return ex is CourierException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            ? null
            : Translate(ex, request, StateOf(request));
    }

    /// <summary>An exchange's end, once the head arrived: the framing check, then the permit's hand-over.</summary>
    private HttpResponseMessage End(HttpRequestMessage request, HttpResponseMessage response, ConnectionPermits.Origin? origin, PermitGate? permit, ConnectionLink? connection)
    {
        if (response.Version.Major < 2 && ResponseFraming.Problem(response) is { } framing)
        {
            // Close the connection before the body is drained: what follows could be read as the next response. The
            // response names its connection while it has a body; a bodyless one has already left it, so the link does.
            (GuardedStream.Of(response) ?? connection?.Connection)?.Abort();

            response.Dispose();
            permit?.Release();
            throw new RemoteProtocolException(
                $"The server sent an invalid response to {request.Method} {Describe(StateOf(request))}: {framing}. Courier refuses ambiguous framing (a response-smuggling risk) and closed the connection.",
                StateOf(request).Request);
        }

        if (response.Version.Major >= 2)
        {
            if (origin is { IsHttp2: false })
            {
                // Written once, not per response: the origin is shared by every request in flight.
                origin.IsHttp2 = true;
            }

            permit?.Release();
        }
        else if (permit is not null)
        {
            if (HasNoBody(request, response))
            {
                // No body to read: SocketsHttpHandler has already given the connection back, so does the permit.
                permit.Release();
            }
            else if (request is not CourierRequestMessage { Timer: { } timer } || !timer.AttachPermit(permit))
            {
                // A message from a plain HttpClient: the permit rides on the body (its end or disposal gives it back).
                response.Content = new PermitContent(response.Content, permit);
            }

            // Else Courier's client reads the body through its timer's ReadTimedStream, which gives the permit back at
            // the end of the body, and its disposal (the timer's) does in every other case: no wrapper, no header copy.
        }

        return response;
    }

    /// <summary>
    /// Whether System.Net.Http's event source may have a listener (its request events come from the invoker). The
    /// source exists once the process's first request went through an invoker: until it is found, the answer is yes.
    /// </summary>
    internal static bool HttpEventsEnabled => s_httpEvents is { } source ? source.IsEnabled() : LookForHttpEvents();

    private static EventSource? s_httpEvents;
    private static int s_httpEventsLookups;

    private static bool LookForHttpEvents()
    {
        // A few looks (the first requests go through the invoker, which creates the source); after that there is none
        // to listen to.
        if (Volatile.Read(ref s_httpEventsLookups) >= 8)
        {
            return false;
        }

        Interlocked.Increment(ref s_httpEventsLookups);
        foreach (var source in EventSource.GetSources())
        {
            if (source.Name == "System.Net.Http")
            {
                Volatile.Write(ref s_httpEvents, source);
                return source.IsEnabled();
            }
        }

        return true;
    }
}
