using Courier.Mocking.Matching;
using Courier.Mocking.Server;
using Microsoft.AspNetCore.Http;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    private readonly RequestJournal _journal;
    private readonly RejectionLog _rejections;

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
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), ex.Request, null, StatusCodes.Status413PayloadTooLarge) { RejectionReason = ex.Message }, ex.BodySeen);
            context.Response.Headers.Connection = "close";
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, ex.Message, aborted).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            // A malformed body (bad chunk framing, too slow): journalled here with the request line and headers, then
            // left to Kestrel, which answers with its status and closes; its bad-request log skips this one.
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), ServerRequest.Head(context), null, ex.StatusCode) { RejectionReason = ex.Message });
            _rejections.Journalled(ex);
            throw;
        }

        var route = await MatchAsync(snapshot, aborted).ConfigureAwait(false);
        if (route is null)
        {
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), snapshot, null, StatusCodes.Status404NotFound));
            var report = await ExplainAsync(snapshot, aborted).ConfigureAwait(false);
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status404NotFound, report, aborted).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, route, snapshot, aborted).ConfigureAwait(false);
    }

    private void Journal(ServedRequest entry, long bodyLength = 0) => _journal.Add(entry, bodyLength);

    /// <summary>A request Kestrel refused before any middleware ran (from its bad-request log): journalled as rejected.</summary>
    private void JournalRejected(int status, string reason)
    {
        var request = new RequestSnapshot("-", Url);
        Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), request, null, status) { RejectionReason = reason });
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
        var kept = _journal.Trim(snapshot);
        var length = snapshot.Body.Length;
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

            route.Record(new MockCall(kept, response, null));
            var status = await ResponseWriter.WriteAsync(context, response, snapshot, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), kept, route, status), length);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), kept, route, 0), length);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A response function that throws: the test author's bug, shown to the client as a 500 naming the stub.
            route.Record(new MockCall(kept, response, ex));
            Journal(new ServedRequest(Guid.NewGuid(), Options.TimeProvider.GetUtcNow(), kept, route, StatusCodes.Status500InternalServerError), length);
            await ResponseWriter.WriteTextAsync(context, StatusCodes.Status500InternalServerError, $"{route.DisplayName} failed to build its response: {ex.GetType().Name}: {ex.Message}\n", cancellationToken).ConfigureAwait(false);
        }
    }
}
