namespace Courier;

public sealed partial class Client
{
    /// <summary>
    /// One logical request, from the call to the returned response (it starts and ends here): httpx's order — auth
    /// outside, redirects inside it, one hop (<see cref="SendHopAsync"/>) innermost. Without auth or a redirect (the
    /// common case) it is this frame and one hop, with no other async frame between them.
    /// </summary>
    private async Task<Response> SendCoreAsync(Request request, bool stream, bool tracked, CancellationToken cancellationToken)
    {
        var auth = request.Auth ?? _options.Auth ?? (UrlBuilder.HasUserInfo(request.Url) ? BasicAuth.FromUserInfo(request.Url) : null);
        var follow = request.FollowRedirects ?? _options.FollowRedirects;
        Response response;
        if (auth is null)
        {
            // The common path: one hop, and the redirect loop only when the answer is a redirect. An untracked request
            // (no listener, no observer) goes straight to the wire: no telemetry scope to look up.
            response = tracked
                ? await SendHopAsync(request, redirect: false, cancellationToken).ConfigureAwait(false)
                : await SendHopCoreAsync(request, cancellationToken).ConfigureAwait(false);
            if (Redirects.IsRedirectStatus(response.StatusCode))
            {
                response = await HandleRedirectsAsync(response, request, follow, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            response = await SendWithAuthAsync(request, auth, follow, cancellationToken).ConfigureAwait(false);
        }

        if (!stream)
        {
            try
            {
                await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The body was read to its end (or failed): closing it is synchronous work.
                response.Dispose();
            }
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

    /// <summary>One hop, under a child span when the logical request is observed (see <see cref="Diagnostics.RequestTelemetry"/>).</summary>
    private ValueTask<Response> SendHopAsync(Request request, bool redirect, CancellationToken cancellationToken) =>
        Diagnostics.RequestTelemetry.Current is { } telemetry
            ? telemetry.HopAsync(request, redirect, SendHopCoreAsync, cancellationToken)
            : SendHopCoreAsync(request, cancellationToken);

    /// <summary>One hop on the wire: request hooks, the transport, the response head, the jar, response hooks.</summary>
    private async ValueTask<Response> SendHopCoreAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Url.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException($"The URL '{UrlBuilder.Redact(request.Url)}' has the scheme '{request.Url.Scheme}'; only http and https are supported.", request);
        }

        var hooks = _options.EventHooks;
        if (hooks is not null)
        {
            foreach (var hook in hooks.Request)
            {
                await hook(request, cancellationToken).ConfigureAwait(false);
            }
        }

        var timer = new RequestTimer(request.Timeouts ?? _options.Timeouts, cancellationToken);
        var started = _options.TimeProvider.GetTimestamp();
        HttpResponseMessage message;
        using (var httpRequest = MessageConversion.ToHttpRequest(request, timer, _options.JsonOptions ?? ClientOptions.DefaultJsonOptions))
        {
            try
            {
                var sending = _invoker.SendAsync(httpRequest, timer.Token);
                if (sending.IsCompletedSuccessfully)
                {
                    // An in-memory transport that answered at once needs no timer at all.
                    message = sending.Result;
                }
                else
                {
                    if (httpRequest.Content is null)
                    {
                        // Without a body the wait for the head starts now (a body's end starts it otherwise).
                        timer.StartReadHead();
                    }

                    message = await sending.ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (timer.HasFired && !cancellationToken.IsCancellationRequested)
            {
                timer.Dispose();
                throw timer.TimeoutFor(request, ex)!;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                timer.Dispose();
                throw;
            }
            catch (Exception ex)
            {
                timer.Dispose();
                throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.Send);
            }
        }

        Stream body;
        if (MessageConversion.IsInMemory(message.Content))
        {
            // A body already in memory (what mocks and canned handlers return): nothing to time and nothing that can
            // fail, so the timer ends here and the body is read from its memory stream directly.
            timer.Dispose();
            body = message.Content.ReadAsStream(cancellationToken);
        }
        else
        {
            timer.Pause();
            try
            {
                var opening = message.Content.ReadAsStreamAsync(cancellationToken);
                var raw = opening.IsCompletedSuccessfully ? opening.Result : await opening.ConfigureAwait(false);
                body = new ReadTimedStream(raw, timer, request);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Dispose();
                timer.Dispose();
                throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
            }
        }

        var response = MessageConversion.ToResponse(message, body, request, started, _options);
        Cookies.Extract(response);
        if (hooks is not null)
        {
            try
            {
                foreach (var hook in hooks.Response)
                {
                    await hook(response, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await response.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return response;
    }

    /// <summary>Recomputes the jar's cookies for a redirect hop.</summary>
    internal void ApplyCookiesForRedirect(Request next, bool sameOrigin) => ApplyCookies(next, sameOrigin);
}
