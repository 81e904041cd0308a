using Courier.Mocking.Matching;
using Courier.Mocking.Server;
using Microsoft.AspNetCore.Http;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    private readonly RequestJournal _journal;

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (await TryAdminAsync(context, aborted).ConfigureAwait(false))
        {
            return;
        }

        RequestSnapshot snapshot;
        try
        {
            snapshot = await ServerRequest.ReadAsync(context, Options.MaxRequestBodySize, aborted).ConfigureAwait(false);
        }
        catch (ServerRequest.TooLargeException ex)
        {
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, ex.Message, aborted).ConfigureAwait(false);
            return;
        }

        var route = await MatchAsync(snapshot, aborted).ConfigureAwait(false);
        if (route is null)
        {
            _journal.Add(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), snapshot, null, StatusCodes.Status404NotFound));
            var report = await ExplainAsync(snapshot, aborted).ConfigureAwait(false);
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status404NotFound, report, aborted).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, route, snapshot, aborted).ConfigureAwait(false);
    }

    private async ValueTask<MockRoute?> MatchAsync(RequestSnapshot snapshot, CancellationToken cancellationToken)
    {
        var candidates = _stubs.ServerIndex().Candidates(snapshot.Path);
        for (var i = 0; i < candidates.Length; i++)
        {
            var route = candidates.Span[i];
            var pattern = route.Pattern;
            var isMatch = pattern.IsAsync
                ? await pattern.IsMatchAsync(snapshot, cancellationToken).ConfigureAwait(false)
                : pattern.IsMatch(snapshot);
            if (isMatch)
            {
                return route;
            }
        }

        return null;
    }

    private async Task AnswerAsync(HttpContext context, MockRoute route, RequestSnapshot snapshot, CancellationToken cancellationToken)
    {
        var callNumber = route.NextCallNumber();
        var responder = route.Responder;
        MockResponse? response = null;
        try
        {
            if (responder.IsPassThrough)
            {
                throw new InvalidOperationException($"{route.DisplayName} passes requests through, which a MockServer cannot do; give it a response (or a WireMock proxyBaseUrl).");
            }

            var mockContext = responder.NeedsContext ? new MockContext(snapshot, route, callNumber, route.Pattern.Path) : null;
            response = await responder.PickAsync(callNumber, mockContext, cancellationToken).ConfigureAwait(false);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            route.Record(new MockCall(snapshot, response, null));
            var status = await ResponseWriter.WriteAsync(context, response, snapshot, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            _journal.Add(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), snapshot, route, status));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _journal.Add(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), snapshot, route, 0));
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A response function that throws: the test author's bug, shown to the client as a 500 naming the stub.
            route.Record(new MockCall(snapshot, response, ex));
            _journal.Add(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), snapshot, route, StatusCodes.Status500InternalServerError));
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status500InternalServerError, $"{route.DisplayName} failed to build its response: {ex.GetType().Name}: {ex.Message}\n", cancellationToken).ConfigureAwait(false);
        }
    }
}
