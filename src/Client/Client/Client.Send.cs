namespace Courier;

public sealed partial class Client
{
    /// <summary>
    /// One logical request, from the call to the returned response (it starts and ends here): httpx's order — auth
    /// outside, redirects inside it, one hop (<see cref="SendHopAsync"/>) innermost. The common case — no auth,
    /// telemetry or hooks — starts the hop here: a transport that answered at once with a body in memory and no
    /// redirect completes without any async frame, one under way (the network, always) continues in one frame,
    /// <see cref="ReceiveAsync"/>. With hooks a hop under way (or a redirect) continues in <see cref="FinishAsync"/>;
    /// auth and telemetry go through <see cref="SendCoreSlowAsync"/>.
    /// </summary>
    private Task<Response> SendCoreAsync(Request request, bool stream, bool tracked, CancellationToken cancellationToken)
    {
        if (tracked || request.Auth is not null || _options.Auth is not null || UrlBuilder.HasUserInfo(request.Url))
        {
            return SendCoreSlowAsync(request, stream, tracked, cancellationToken);
        }

        Response? response = null;
        try
        {
            if (_options.EventHooks is null)
            {
                CheckScheme(request);
                if (StartHop(request, hopOnly: false, stream, cancellationToken, out var rest) is not { } answered)
                {
                    return rest!;
                }

                response = answered;
            }
            else
            {
                var hop = SendHopCoreAsync(request, cancellationToken);
                if (!hop.IsCompletedSuccessfully)
                {
                    return FinishAsync(request, stream, hop, cancellationToken);
                }

                response = hop.Result;
            }

            if (Redirects.IsRedirectStatus(response.StatusCode))
            {
                return FinishAsync(request, stream, new(response), cancellationToken);
            }

            if (stream)
            {
                return Task.FromResult(response);
            }

            var reading = response.ReadBytesAsync(cancellationToken);
            if (!reading.IsCompletedSuccessfully)
            {
                return FinishReadingAsync(response, reading);
            }

            response.Dispose();
            return Task.FromResult(response);
        }
        catch (Exception ex)
        {
            // Failures reach the caller through the task, as from an async method: a cancellation cancels it.
            response?.Dispose();
            if (ex is OperationCanceledException cancelled)
            {
                var canceled = new TaskCompletionSource<Response>();
                canceled.SetCanceled(cancelled.CancellationToken);
                return canceled.Task;
            }

            return Task.FromException<Response>(ex);
        }
    }

    /// <summary>
    /// The rest of a hop whose transport did not answer at once, in one frame: the exchange with the client's own
    /// network transport (<paramref name="onNetwork"/>: started here, see below), the head and the body opened, the
    /// jar. For a whole request (<paramref name="hopOnly"/> false: no auth, telemetry or hooks) it goes on in the same
    /// frame with the redirect loop when the answer is a redirect, and the whole body unless streaming. The frame a
    /// plain GET waits in, on the network and in process.
    /// </summary>
    private async Task<Response> ReceiveAsync(
        CourierRequestMessage httpRequest, ValueTask<HttpResponseMessage> sending, bool onNetwork, RequestTimer timer, long started, Request request, bool hopOnly, bool stream, CancellationToken cancellationToken)
    {
        HttpResponseMessage message;
        using (httpRequest)
        {
            try
            {
                var direct = false;
                try
                {
                    if (onNetwork)
                    {
                        // Direct: this frame awaits SocketsHttpHandler's own task and ends the exchange.
                        sending = _network!.SendFromClientAsync(httpRequest, timer.Token, out direct);
                        StartHeadWait(sending.IsCompleted, httpRequest, timer);
                    }

                    message = await sending.ConfigureAwait(false);
                }
                catch (Exception ex) when (direct)
                {
                    // Sent once more when that is safe, else translated: either way the transport ends the exchange.
                    direct = false;
                    message = await _network!.RecoverFromClientAsync(httpRequest, ex, timer.Token).ConfigureAwait(false);
                }

                if (direct)
                {
                    message = _network!.EndFromClient(httpRequest, message);
                }
            }
            catch (Exception ex)
            {
                if (SendFailure(ex, timer, request, cancellationToken) is { } failure)
                {
                    throw failure;
                }

                throw;
            }
        }

        var body = OpenBodyAtOnce(message, timer, request, cancellationToken)
            ?? await OpenBodyLaterAsync(message, timer, request, cancellationToken).ConfigureAwait(false);
        var response = Complete(message, body, request, started);
        if (hopOnly)
        {
            return response;
        }

        if (Redirects.IsRedirectStatus(response.StatusCode))
        {
            response = await HandleRedirectsAsync(response, request, request.FollowRedirects ?? _options.FollowRedirects, cancellationToken).ConfigureAwait(false);
        }

        if (!stream)
        {
            // ReadWholeAsync's work, in this frame: a read that waits (an HTTP/2 body's DATA frame after its head) then
            // boxes one frame fewer.
            try
            {
                await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                response.Dispose();
            }
        }

        return response;
    }

    /// <summary>The whole logical request with its async frames: auth flows, telemetry (see <see cref="FinishAsync"/> for the rest).</summary>
    private async Task<Response> SendCoreSlowAsync(Request request, bool stream, bool tracked, CancellationToken cancellationToken)
    {
        var auth = request.Auth ?? _options.Auth ?? (UrlBuilder.HasUserInfo(request.Url) ? BasicAuth.FromUserInfo(request.Url) : null);
        if (auth is null)
        {
            // An untracked request (no listener, no observer) goes straight to the wire: no telemetry scope to look up.
            var hop = tracked ? SendHopAsync(request, redirect: false, cancellationToken) : SendHopCoreAsync(request, cancellationToken);
            return await FinishAsync(request, stream, hop, cancellationToken).ConfigureAwait(false);
        }

        var response = await SendWithAuthAsync(request, auth, request.FollowRedirects ?? _options.FollowRedirects, cancellationToken).ConfigureAwait(false);
        if (!stream)
        {
            await ReadWholeAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>
    /// The rest of a request without auth once its first hop is under way (with hooks, or under telemetry): the hop,
    /// the redirect loop when it answers a redirect, and the whole body unless streaming.
    /// </summary>
    private async Task<Response> FinishAsync(Request request, bool stream, ValueTask<Response> hop, CancellationToken cancellationToken)
    {
        var response = await hop.ConfigureAwait(false);
        if (Redirects.IsRedirectStatus(response.StatusCode))
        {
            response = await HandleRedirectsAsync(response, request, request.FollowRedirects ?? _options.FollowRedirects, cancellationToken).ConfigureAwait(false);
        }

        if (!stream)
        {
            await ReadWholeAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Reads the whole body, then closes it (closing a body read to its end, or failed, is synchronous work).</summary>
    private static async ValueTask ReadWholeAsync(Response response, CancellationToken cancellationToken)
    {
        try
        {
            await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>Waits for the whole-body read, then closes the body (closing a body read to its end is synchronous work).</summary>
    private static async Task<Response> FinishReadingAsync(Response response, ValueTask<ReadOnlyMemory<byte>> reading)
    {
        try
        {
            await reading.ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }

        return response;
    }

    /// <summary>The logical request under a telemetry scope (cached as a delegate: see <see cref="_sendTracked"/>).</summary>
    private Task<Response> SendTrackedAsync(Request request, bool stream, CancellationToken cancellationToken) =>
        SendCoreAsync(request, stream, tracked: true, cancellationToken);

    private Func<Request, bool, CancellationToken, Task<Response>>? _sendTracked;

    private async ValueTask<Response> SendWithAuthAsync(Request request, Auth auth, bool follow, CancellationToken cancellationToken)
    {
        if (auth.RequiresRequestBody && request.Body is { IsReplayable: false } or StreamBody { CanSeek: false })
        {
            throw new RequestException($"The auth flow {auth.GetType().Name} must be able to re-send the body of {request.Method} {UrlBuilder.Redact(request.Url)}, but it is a one-shot stream. Use a seekable stream or bytes.", request);
        }

        var flowHistory = new List<Response>();
        return await auth.AuthenticateAsync(
            request,
            async (next, ct) =>
            {
                var hop = await SendHandlingRedirectsAsync(next, follow, ct).ConfigureAwait(false);
                lock (flowHistory)
                {
                    // httpx: the final response's history holds the earlier hops of the flow (a 401, a token call).
                    hop.History = [.. flowHistory, .. hop.History];
                    flowHistory.Clear();
                    flowHistory.AddRange(hop.History);
                    flowHistory.Add(hop);
                }

                if (auth.RequiresResponseBody)
                {
                    await hop.ReadBytesAsync(ct).ConfigureAwait(false);
                }

                return hop;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One hop, then the redirect loop when the answer is a redirect (each step of an auth flow).</summary>
    private async ValueTask<Response> SendHandlingRedirectsAsync(Request request, bool follow, CancellationToken cancellationToken)
    {
        var response = await SendHopAsync(request, redirect: false, cancellationToken).ConfigureAwait(false);
        return Redirects.IsRedirectStatus(response.StatusCode)
            ? await HandleRedirectsAsync(response, request, follow, cancellationToken).ConfigureAwait(false)
            : response;
    }

    /// <summary>Follows (or, when not following, describes) the redirect <paramref name="first"/> answered.</summary>
    private async ValueTask<Response> HandleRedirectsAsync(Response first, Request request, bool follow, CancellationToken cancellationToken)
    {
        List<Response>? history = null;
        var response = first;
        long headerBytes = 0;
        while (true)
        {
            response.History = history is null ? [] : history.ToArray();
            if (history is not null)
            {
                // Every head of a followed chain counts toward one limit (a chain of large heads is refused as one).
                await CheckChainHeadersAsync(response, history[0].Request, history.Count, ref headerBytes).ConfigureAwait(false);
            }

            if (!Redirects.IsRedirectStatus(response.StatusCode))
            {
                return response;
            }

            if (!follow)
            {
                response.NextRequest = Redirects.TryBuildNext(request, response, this);
                return response;
            }

            Request next;
            try
            {
                next = Redirects.BuildNext(request, response, this);
            }
            catch
            {
                await response.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (Redirects.IsDowngrade(request.Url, next.Url) && !_options.AllowDowngradeRedirects)
            {
                // Never followed in clear text on our own: the caller gets the redirect and the request it points to.
                response.NextRequest = next;
                return response;
            }

            if (history is null)
            {
                await CheckChainHeadersAsync(response, request, 0, ref headerBytes).ConfigureAwait(false);
            }

            history ??= [];
            if (history.Count >= _options.MaxRedirects)
            {
                await response.DisposeAsync().ConfigureAwait(false);
                history.Add(response);
                throw new TooManyRedirectsException(
                    $"Exceeded the maximum of {_options.MaxRedirects} redirects following {request.Method} {UrlBuilder.Redact(history[0].Request.Url)}; the last hop pointed to '{UrlBuilder.Redact(next.Url)}'.",
                    next,
                    history);
            }

            await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            await response.DisposeAsync().ConfigureAwait(false);
            history.Add(response);
            request = next;
            response = await SendHopAsync(request, redirect: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a response's head to the chain's total; over <see cref="ClientOptions.MaxResponseHeadersLength"/> it closes the response and throws.</summary>
    private ValueTask CheckChainHeadersAsync(Response response, Request first, int followed, ref long headerBytes)
    {
        headerBytes += Redirects.HeaderBytes(response);
        if (headerBytes <= _options.MaxResponseHeadersLength)
        {
            return ValueTask.CompletedTask;
        }

        var limit = _options.MaxResponseHeadersLength;
        var error = new RemoteProtocolException(
            $"The response heads of the redirect chain from {first.Method} {UrlBuilder.Redact(first.Url)} add up to {headerBytes} bytes over {followed + 1} response(s), more than MaxResponseHeadersLength ({limit} bytes); the chain was not followed further.",
            response.Request,
            new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"Response headers summed across redirects exceeded {limit} bytes."));
        return DisposeAndThrowAsync(response, error);

        static async ValueTask DisposeAndThrowAsync(Response response, Exception error)
        {
            await response.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
    }

    /// <summary>Recomputes the jar's cookies for a redirect hop.</summary>
    internal void ApplyCookiesForRedirect(Request next, bool sameOrigin) => ApplyCookies(next, sameOrigin);
}
