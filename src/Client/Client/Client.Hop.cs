namespace Courier;

public sealed partial class Client
{
    /// <summary>One hop, under a child span when the logical request is observed (see <see cref="Diagnostics.RequestTelemetry"/>).</summary>
    private ValueTask<Response> SendHopAsync(Request request, bool redirect, CancellationToken cancellationToken) =>
        Diagnostics.RequestTelemetry.Current is { } telemetry
            ? telemetry.HopAsync(request, redirect, SendHopCoreAsync, cancellationToken)
            : SendHopCoreAsync(request, cancellationToken);

    /// <summary>One hop: request hooks, the transport and the response head (<see cref="SendOnWire"/>), response hooks.</summary>
    private ValueTask<Response> SendHopCoreAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Url.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException($"The URL '{UrlBuilder.Redact(request.Url)}' has the scheme '{request.Url.Scheme}'; only http and https are supported.", request);
        }

        return _options.EventHooks is { } hooks ? SendHopWithHooksAsync(request, hooks, cancellationToken) : SendOnWire(request, cancellationToken);
    }

    private async ValueTask<Response> SendHopWithHooksAsync(Request request, EventHooks hooks, CancellationToken cancellationToken)
    {
        foreach (var hook in hooks.Request)
        {
            await hook(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await SendOnWire(request, cancellationToken).ConfigureAwait(false);
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

        return response;
    }

    /// <summary>
    /// The transport and the response head, then the jar. Synchronous when the transport answered at once with a body
    /// already in memory (mocks, canned handlers): no async frame and no timer work; otherwise it continues in
    /// <see cref="AwaitOnWireAsync"/>.
    /// </summary>
    private ValueTask<Response> SendOnWire(Request request, CancellationToken cancellationToken)
    {
        var timer = new RequestTimer(request.Timeouts ?? _options.Timeouts, cancellationToken);
        var started = _options.TimeProvider.GetTimestamp();
        HttpRequestMessage httpRequest;
        Task<HttpResponseMessage> sending;
        try
        {
            httpRequest = MessageConversion.ToHttpRequest(request, timer, _options.JsonOptions ?? ClientOptions.DefaultJsonOptions);
        }
        catch
        {
            timer.Dispose();
            throw;
        }

        try
        {
            sending = _invoker.SendAsync(httpRequest, timer.Token);
        }
        catch (Exception ex)
        {
            httpRequest.Dispose();
            if (SendFailure(ex, timer, request, cancellationToken) is { } failure)
            {
                throw failure;
            }

            throw;
        }

        if (!sending.IsCompletedSuccessfully || !MessageConversion.IsInMemory(sending.Result.Content))
        {
            return AwaitOnWireAsync(httpRequest, sending, timer, started, request, cancellationToken);
        }

        // A body already in memory: nothing to time and nothing that can fail, so the timer ends here and the body is
        // read from its memory stream directly.
        httpRequest.Dispose();
        timer.Dispose();
        var message = sending.Result;
        var response = MessageConversion.ToResponse(message, message.Content.ReadAsStream(cancellationToken), request, started, _options);
        Cookies.Extract(response);
        return new(response);
    }

    private async ValueTask<Response> AwaitOnWireAsync(
        HttpRequestMessage httpRequest, Task<HttpResponseMessage> sending, RequestTimer timer, long started, Request request, CancellationToken cancellationToken)
    {
        HttpResponseMessage message;
        using (httpRequest)
        {
            try
            {
                if (!sending.IsCompleted && httpRequest.Content is null)
                {
                    // Without a body the wait for the head starts now (a body's end starts it otherwise).
                    timer.StartReadHead();
                }

                message = await sending.ConfigureAwait(false);
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

        Stream body;
        if (MessageConversion.IsInMemory(message.Content))
        {
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
        return response;
    }

    /// <summary>
    /// What a failed send becomes (the timer is disposed): the timeout when the timer fired, null for the caller's own
    /// cancellation (rethrown as is), else Courier's mapped exception.
    /// </summary>
    private static Exception? SendFailure(Exception ex, RequestTimer timer, Request request, CancellationToken cancellationToken)
    {
        var failure = timer.HasFired && !cancellationToken.IsCancellationRequested ? timer.TimeoutFor(request, ex)
            : ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? null
            : ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.Send);
        timer.Dispose();
        return failure;
    }
}
