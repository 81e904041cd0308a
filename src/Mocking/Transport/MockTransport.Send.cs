using Courier.Mocking.Matching;

namespace Courier.Mocking;

public sealed partial class MockTransport
{
    private readonly List<RequestSnapshot> _unmatched = [];

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _handler is null ? SendToRoutesAsync(request, cancellationToken) : SendToHandlerAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    private async Task<HttpResponseMessage> SendToHandlerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var courierRequest = await RequestReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await _handler!(courierRequest, cancellationToken).ConfigureAwait(false);
        response.Request = courierRequest;
        return response.ToHttpResponseMessage(request);
    }

    private async Task<HttpResponseMessage> SendToRoutesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var snapshot = await RequestSnapshot.FromMessageAsync(request, cancellationToken).ConfigureAwait(false);
        var candidates = Index().Candidates(snapshot.Path);
        for (var i = 0; i < candidates.Length; i++)
        {
            var route = candidates.Span[i];
            var pattern = route.Pattern;
            var isMatch = pattern.IsAsync
                ? await pattern.IsMatchAsync(snapshot, cancellationToken).ConfigureAwait(false)
                : pattern.IsMatch(snapshot);
            if (isMatch)
            {
                return await AnswerAsync(route, snapshot, request, cancellationToken).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            _unmatched.Add(snapshot);
        }

        if (Options.PassThrough is not null)
        {
            return await PassThroughInvoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        throw await UnmatchedAsync(snapshot, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> AnswerAsync(MockRoute route, RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var callNumber = route.NextCallNumber();
        var responder = route.Responder;
        if (responder.IsPassThrough)
        {
            route.Record(new MockCall(snapshot, null, null));
            if (Options.PassThrough is null)
            {
                throw new InvalidOperationException($"{route.DisplayName} passes requests through, but MockTransportOptions.PassThrough is not set.");
            }

            return await PassThroughInvoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        MockResponse? response = null;
        try
        {
            response = await responder.PickAsync(callNumber, () => new MockContext(snapshot, route, callNumber, route.Pattern.Path), cancellationToken).ConfigureAwait(false);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var message = response.ToMessage(request, () => CourierRequest(request, snapshot), Options.TimeProvider);
            route.Record(new MockCall(snapshot, response, null));
            return message;
        }
        catch (Exception ex)
        {
            route.Record(new MockCall(snapshot, response, ex));
            throw;
        }
    }

    private static Request CourierRequest(HttpRequestMessage message, RequestSnapshot snapshot) =>
        message.Options.TryGetValue(MessageConversion.RequestKey, out var original) ? original : snapshot.ToRequest();
}
