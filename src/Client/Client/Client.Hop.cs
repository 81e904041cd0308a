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
        CheckScheme(request);
        return _options.EventHooks is { } hooks ? SendHopWithHooksAsync(request, hooks, cancellationToken) : SendOnWire(request, cancellationToken);
    }

    private static void CheckScheme(Request request)
    {
        if (request.Url.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException($"The URL '{UrlBuilder.Redact(request.Url)}' has the scheme '{request.Url.Scheme}'; only http and https are supported.", request);
        }
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
    /// that needs no timing (<see cref="UntimedBody"/>): no async frame and no timer work; otherwise it continues in
    /// <see cref="ReceiveAsync"/>.
    /// </summary>
    private ValueTask<Response> SendOnWire(Request request, CancellationToken cancellationToken) =>
        StartHop(request, hopOnly: true, stream: true, cancellationToken, out var rest) is { } response ? new(response) : new(rest!);

    /// <summary>
    /// Starts a hop: the response when the transport answered at once with a body in memory (<paramref name="rest"/>
    /// null), else null and <paramref name="rest"/>, the frame that receives it (<see cref="ReceiveAsync"/>: the head
    /// only for <paramref name="hopOnly"/>, else the whole request).
    /// </summary>
    private Response? StartHop(Request request, bool hopOnly, bool stream, CancellationToken cancellationToken, out Task<Response>? rest)
    {
        var sending = StartOnWire(request, cancellationToken, out var httpRequest, out var timer, out var started, out var onNetwork);
        if (onNetwork || !sending.IsCompletedSuccessfully)
        {
            rest = ReceiveAsync(httpRequest, sending, onNetwork, timer, started, request, hopOnly, stream, cancellationToken);
            return null;
        }

        // Its result is taken once (a pooled exchange may be read only once) and handed on as a plain value.
        var message = sending.Result;
        if (!UntimedBody(message, cancellationToken))
        {
            rest = ReceiveAsync(httpRequest, new(message), onNetwork: false, timer, started, request, hopOnly, stream, cancellationToken);
            return null;
        }

        httpRequest.Dispose();
        rest = null;
        return Complete(message, OpenInMemory(message, timer, request, cancellationToken), request, started);
    }

    /// <summary>
    /// A hop's start: its timer, its message, and the transport's send under way. The client's own network transport
    /// is not started here: <paramref name="onNetwork"/> says <see cref="ReceiveAsync"/> starts it in its own frame
    /// (<see cref="HttpTransport.SendFromClientAsync"/>: no invoker hop, no handler task), unless System.Net.Http's event
    /// source is listened to, whose request events the invoker writes. A send still pending without a body starts the
    /// wait for the head (a body's end starts it otherwise).
    /// </summary>
    private ValueTask<HttpResponseMessage> StartOnWire(
        Request request, CancellationToken cancellationToken, out CourierRequestMessage httpRequest, out RequestTimer timer, out long started, out bool onNetwork)
    {
        timer = new RequestTimer(request.Timeouts ?? _options.Timeouts, cancellationToken);
        started = _options.TimeProvider.GetTimestamp();
        try
        {
            httpRequest = MessageConversion.ToHttpRequest(request, timer, _options.JsonOptions ?? ClientOptions.DefaultJsonOptions);
        }
        catch
        {
            timer.Dispose();
            throw;
        }

        onNetwork = _network is not null && !HttpTransport.HttpEventsEnabled;
        if (onNetwork)
        {
            return default;
        }

        ValueTask<HttpResponseMessage> sending;
        try
        {
            sending = new(_invoker.SendAsync(httpRequest, timer.Token));
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

        StartHeadWait(sending.IsCompleted, httpRequest, timer);
        return sending;
    }

    /// <summary>A send still pending without a body starts the wait for the head (a body's end starts it otherwise).</summary>
    private static void StartHeadWait(bool answered, HttpRequestMessage httpRequest, RequestTimer timer)
    {
        if (!answered && httpRequest.Content is null)
        {
            timer.StartReadHead();
        }
    }

    /// <summary>
    /// Whether a response body needs neither the timer nor the caller's token: a body already in memory (mocks, canned
    /// handlers) when the caller cannot cancel. Nothing can stall or fail then, so it is read from its memory stream
    /// directly. A caller who can cancel keeps the timed stream, so a cancelled token still ends any later read.
    /// </summary>
    private static bool UntimedBody(HttpResponseMessage message, CancellationToken cancellationToken) =>
        !cancellationToken.CanBeCanceled && MessageConversion.IsInMemory(message.Content);

    /// <summary>Opens an in-memory body and ends the timer (a content already disposed by its handler is mapped).</summary>
    private static Stream OpenInMemory(HttpResponseMessage message, RequestTimer timer, Request request, CancellationToken cancellationToken)
    {
        timer.Dispose();
        try
        {
            return message.Content.ReadAsStream(cancellationToken);
        }
        catch (Exception ex)
        {
            message.Dispose();
            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }
    }

    /// <summary>The Courier response for a message whose body is open, with the jar updated from it.</summary>
    private Response Complete(HttpResponseMessage message, Stream body, Request request, long started)
    {
        var response = MessageConversion.ToResponse(message, body, request, started, _options);
        Cookies.Extract(response);
        return response;
    }

    /// <summary>
    /// The body of a response whose head arrived, opened without waiting: in memory (untimed, see
    /// <see cref="UntimedBody"/>) or timed (<see cref="ReadTimedStream"/>, the clock paused until its first read). Null
    /// when the content must be opened asynchronously (<see cref="OpenBodyLaterAsync"/>).
    /// </summary>
    private static Stream? OpenBodyAtOnce(HttpResponseMessage message, RequestTimer timer, Request request, CancellationToken cancellationToken)
    {
        if (UntimedBody(message, cancellationToken))
        {
            return OpenInMemory(message, timer, request, cancellationToken);
        }

        timer.Pause();
        if (!MessageConversion.OpensAtOnce(message.Content))
        {
            return null;
        }

        try
        {
            // Its stream is at hand: no task to allocate and await.
            return new ReadTimedStream(message.Content.ReadAsStream(cancellationToken), timer, request);
        }
        catch (Exception ex)
        {
            CloseUnopened(message, timer);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }
    }

    private static async ValueTask<Stream> OpenBodyLaterAsync(HttpResponseMessage message, RequestTimer timer, Request request, CancellationToken cancellationToken)
    {
        try
        {
            var raw = await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ReadTimedStream(raw, timer, request);
        }
        catch (Exception ex)
        {
            CloseUnopened(message, timer);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }
    }

    private static void CloseUnopened(HttpResponseMessage message, RequestTimer timer)
    {
        message.Dispose();
        timer.Dispose();
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
