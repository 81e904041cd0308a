namespace Courier;

public sealed partial class Client
{
    /// <summary>httpx's order: auth outside, redirects inside it, one hop (hooks, cookies, transport) innermost.</summary>
    private async ValueTask<Response> SendCoreAsync(Request request, bool stream, CancellationToken cancellationToken)
    {
        var auth = request.Auth ?? _options.Auth ?? (UrlBuilder.HasUserInfo(request.Url) ? BasicAuth.FromUserInfo(request.Url) : null);
        var follow = request.FollowRedirects ?? _options.FollowRedirects;
        Response response;
        if (auth is null)
        {
            response = await SendHandlingRedirectsAsync(request, follow, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (auth.RequiresRequestBody && request.Body is { IsReplayable: false } or StreamBody { CanSeek: false })
            {
                throw new RequestException($"The auth flow {auth.GetType().Name} must be able to re-send the body of {request.Method} {UrlBuilder.Redact(request.Url)}, but it is a one-shot stream. Use a seekable stream or bytes.", request);
            }

            var flowHistory = new List<Response>();
            response = await auth.AuthenticateAsync(
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

        if (!stream)
        {
            try
            {
                await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await response.DisposeAsync().ConfigureAwait(false);
            }
        }

        return response;
    }

    private async ValueTask<Response> SendHandlingRedirectsAsync(Request request, bool follow, CancellationToken cancellationToken)
    {
        List<Response>? history = null;
        while (true)
        {
            var response = Diagnostics.RequestTelemetry.Current is { } telemetry
                ? await telemetry.HopAsync(request, history is not null, SendSingleAsync, cancellationToken).ConfigureAwait(false)
                : await SendSingleAsync(request, cancellationToken).ConfigureAwait(false);
            response.History = history is null ? [] : history.ToArray();
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
        }
    }

    private async ValueTask<Response> SendSingleAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Url.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException($"The URL '{UrlBuilder.Redact(request.Url)}' has the scheme '{request.Url.Scheme}'; only http and https are supported.", request);
        }

        if (_options.EventHooks is { } hooks)
        {
            foreach (var hook in hooks.Request)
            {
                await hook(request, cancellationToken).ConfigureAwait(false);
            }
        }

        var timeouts = request.Timeouts ?? _options.Timeouts;
        var timer = new RequestTimer(timeouts, _options.TimeProvider, cancellationToken);
        var started = _options.TimeProvider.GetTimestamp();
        HttpResponseMessage message;
        using (var httpRequest = MessageConversion.ToHttpRequest(request, timer, _options.JsonOptions ?? ClientOptions.DefaultJsonOptions))
        {
            try
            {
                var sending = _invoker.SendAsync(httpRequest, timer.Token);
                if (httpRequest.Content is null && !sending.IsCompleted)
                {
                    // Without a body the wait for the head starts now (a body's end starts it otherwise); an
                    // in-memory transport that answered at once needs no timer at all.
                    timer.StartReadHead();
                }

                message = await sending.ConfigureAwait(false);
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

        timer.Pause();
        var response = await MessageConversion.ToResponseAsync(message, request, timer, started, _options, cancellationToken).ConfigureAwait(false);
        Cookies.Extract(response);
        if (_options.EventHooks is { } responseHooks)
        {
            try
            {
                foreach (var hook in responseHooks.Response)
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
