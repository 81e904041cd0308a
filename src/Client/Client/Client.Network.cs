namespace Courier;

public sealed partial class Client
{
    /// <summary>
    /// A whole request over the client's network transport, in one frame: the message, the transport's exchange
    /// awaited directly (<see cref="HttpTransport.SendFromClientAsync"/>: no invoker hop, no handler task), the head,
    /// the redirect loop when the answer is a redirect, and the whole body unless streaming. The steps are those of
    /// <see cref="SendOnWire"/>, <see cref="AwaitOnWireAsync"/> and <see cref="FinishAsync"/>, which other transports
    /// take; the network never answers at once, so their synchronous shortcut buys nothing here. Only without auth,
    /// telemetry or event hooks (see <see cref="SendCoreAsync"/>).
    /// </summary>
    private async Task<Response> SendOverNetworkAsync(HttpTransport network, Request request, bool stream, CancellationToken cancellationToken)
    {
        CheckScheme(request);
        var timer = new RequestTimer(request.Timeouts ?? _options.Timeouts, cancellationToken);
        var started = _options.TimeProvider.GetTimestamp();
        HttpRequestMessage httpRequest;
        try
        {
            httpRequest = MessageConversion.ToHttpRequest(request, timer, _options.JsonOptions ?? ClientOptions.DefaultJsonOptions);
        }
        catch
        {
            timer.Dispose();
            throw;
        }

        HttpResponseMessage message;
        using (httpRequest)
        {
            try
            {
                var sending = network.SendFromClientAsync(httpRequest, timer.Token);
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

        var body = OpenBodyAtOnce(message, timer, request, cancellationToken)
            ?? await OpenBodyLaterAsync(message, timer, request, cancellationToken).ConfigureAwait(false);
        var response = Complete(message, body, request, started);
        if (Redirects.IsRedirectStatus(response.StatusCode))
        {
            response = await HandleRedirectsAsync(response, request, request.FollowRedirects ?? _options.FollowRedirects, cancellationToken).ConfigureAwait(false);
        }

        if (!stream)
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

        return response;
    }
}
