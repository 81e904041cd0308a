using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace Courier;

public sealed partial class HttpTransport
{
    /// <summary>
    /// One exchange: the version, a body sent once, the connection permit, <see cref="SocketsHttpHandler"/>, the framing
    /// check and the permit's hand-over. <see cref="SendAsync"/> (a plain <see cref="HttpClient"/>) and Courier's client
    /// share it; the client awaits it directly (<see cref="SendFromClientAsync"/>), so a request has neither this
    /// handler's task nor the invoker's hop in between. Pooled: each call is consumed exactly once (awaited, or its
    /// result read once when it completed at once), by one of those two.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ApplyVersion(request);
        // The per-request state is made only when something needs it: a body sent once, a new connection (made in
        // ConnectAsync), a pool wait or a failure. A GET on a pooled connection needs none.
        TransportState? state = null;
        if (!IsIdempotent(request.Method))
        {
            // SocketsHttpHandler re-sends a bodyless request whose reused connection died: an empty body (the same
            // "Content-Length: 0" on the wire) switches that off, and a body may be written only once.
            state = StateOf(request);
            request.Content = new SendOnceContent(request.Content ?? new ByteArrayContent([]), state);
        }

        // Forced h2c / HTTP/2 needs no origin lookup (it builds the host string of each new URL): no permit there.
        var origin = request.Version.Major >= 2 && request.VersionPolicy == HttpVersionPolicy.RequestVersionExact ? null : _permits.For(request.RequestUri!);

        // The held permit's semaphore until the body (timer or PermitContent) takes it over (each path below releases it once).
        SemaphoreSlim? permit = null;
        if (origin is { IsHttp2: false })
        {
            if (!origin.Slots.Wait(0, CancellationToken.None))
            {
                await WaitForPermitAsync(origin, StateOf(request), cancellationToken).ConfigureAwait(false);
            }

            permit = origin.Slots;
        }

        HttpResponseMessage response;
        ResponseFraming.Watcher? connection;
        for (var attempt = 0; ; attempt++)
        {
            // Only an HTTP/1.x exchange can have ambiguous framing or be retried here: an HTTP/2 one needs no watch
            // (an AsyncLocal write).
            connection = permit is not null ? ResponseFraming.Watch() : null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt == 0 && IsSafeToRetry(ex, request, connection, cancellationToken))
            {
                // RELIABILITY.md client row 15: a safe bodyless request whose connection failed before any byte of
                // its response arrived is sent once more; the failed connection is gone, so another one serves it.
                if (CourierRequestMessage.TimerOf(request) is { Current: RequestTimer.TimerPhase.ReadHead } timer)
                {
                    timer.StartReadHead();
                }
            }
            catch (Exception ex)
            {
                permit?.Release();
                if (ex is CourierException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    throw;
                }

                if (Translate(ex, request, StateOf(request)) is { } translated)
                {
                    throw translated;
                }

                throw;
            }
        }

        if (response.Version.Major < 2 && ResponseFraming.Problem(response) is { } framing)
        {
            // Close the connection before the body is drained: what follows could be read as the next response.
            if (connection is not null)
            {
                ResponseFraming.Discard(connection);
            }

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
    /// Courier's client sending its own message straight into the exchange. Only when nobody listens to
    /// System.Net.Http's event source: <see cref="HttpMessageInvoker"/> writes its request start and stop events, so
    /// then the client goes through it, as before.
    /// </summary>
    internal ValueTask<HttpResponseMessage> SendFromClientAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ExchangeAsync(request, cancellationToken);

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
