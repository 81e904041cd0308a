using Courier.Mocking.Matching;

namespace Courier.Mocking;

public sealed partial class MockTransport
{
    private readonly List<RequestSnapshot> _unmatched = [];

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_handler is not null)
        {
            return SendToHandlerAsync(request, cancellationToken);
        }

        try
        {
            // The common case (no body to read, synchronous matchers, a fixed response) completes without an await.
            var read = RequestSnapshot.FromMessageAsync(request, cancellationToken);
            return read.IsCompletedSuccessfully
                ? SendToRoutes(read.Result, request, cancellationToken)
                : SendToRoutesAsync(read, request, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<HttpResponseMessage>(ex);
        }
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

    private async Task<HttpResponseMessage> SendToRoutesAsync(ValueTask<RequestSnapshot> read, HttpRequestMessage request, CancellationToken cancellationToken) =>
        await SendToRoutes(await read.ConfigureAwait(false), request, cancellationToken).ConfigureAwait(false);

    private Task<HttpResponseMessage> SendToRoutes(RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var candidates = Index().Candidates(snapshot.Path);
        var span = candidates.Span;
        for (var i = 0; i < span.Length; i++)
        {
            var route = span[i];
            var pattern = route.Pattern;
            if (pattern.IsAsync)
            {
                return MatchFromAsync(candidates, i, snapshot, request, cancellationToken);
            }

            if (pattern.IsMatch(snapshot))
            {
                return Answer(route, snapshot, request, cancellationToken);
            }
        }

        return NoMatchAsync(snapshot, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> MatchFromAsync(ReadOnlyMemory<MockRoute> candidates, int start, RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var i = start; i < candidates.Length; i++)
        {
            var route = candidates.Span[i];
            if (await route.Pattern.IsMatchAsync(snapshot, cancellationToken).ConfigureAwait(false))
            {
                return await Answer(route, snapshot, request, cancellationToken).ConfigureAwait(false);
            }
        }

        return await NoMatchAsync(snapshot, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> NoMatchAsync(RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_unmatched.Count >= Options.MaxRecordedCalls)
            {
                _unmatched.RemoveAt(0);
            }

            _unmatched.Add(snapshot);
        }

        if (Options.PassThrough is not null)
        {
            return await PassThroughInvoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        throw await UnmatchedAsync(snapshot, request, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> Answer(MockRoute route, RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var callNumber = route.NextCallNumber();
        var responder = route.Responder;
        if (responder.IsPassThrough)
        {
            return PassThroughAsync(route, snapshot, request, cancellationToken);
        }

        ValueTask<MockResponse> pick;
        try
        {
            pick = responder.PickAsync(callNumber, responder.NeedsContext ? new MockContext(snapshot, route, callNumber, route.Pattern.Path) : null, cancellationToken);
        }
        catch (Exception ex)
        {
            route.Record(new MockCall(snapshot, null, ex));
            return Task.FromException<HttpResponseMessage>(ex);
        }

        if (!pick.IsCompletedSuccessfully)
        {
            return AnswerAsync(route, pick, snapshot, request, cancellationToken);
        }

        var response = pick.Result;
        if (response.Delay <= TimeSpan.Zero)
        {
            try
            {
                var message = response.ToMessage(request, snapshot, Options.TimeProvider);
                route.Record(new MockCall(snapshot, response, null));
                return Task.FromResult(message);
            }
            catch (Exception ex)
            {
                route.Record(new MockCall(snapshot, response, ex));
                return Task.FromException<HttpResponseMessage>(ex);
            }
        }

        return AnswerAsync(route, new ValueTask<MockResponse>(response), snapshot, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> AnswerAsync(MockRoute route, ValueTask<MockResponse> pick, RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        MockResponse? response = null;
        try
        {
            response = await pick.ConfigureAwait(false);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            var message = response.ToMessage(request, snapshot, Options.TimeProvider);
            route.Record(new MockCall(snapshot, response, null));
            return message;
        }
        catch (Exception ex)
        {
            route.Record(new MockCall(snapshot, response, ex));
            throw;
        }
    }

    private async Task<HttpResponseMessage> PassThroughAsync(MockRoute route, RequestSnapshot snapshot, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        route.Record(new MockCall(snapshot, null, null));
        if (Options.PassThrough is null)
        {
            throw new InvalidOperationException($"{route.DisplayName} passes requests through, but MockTransportOptions.PassThrough is not set.");
        }

        return await PassThroughInvoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    internal static Request CourierRequest(HttpRequestMessage message, RequestSnapshot snapshot) =>
        CourierRequestMessage.TryGetRequest(message, out var original) ? original : snapshot.ToRequest();
}
