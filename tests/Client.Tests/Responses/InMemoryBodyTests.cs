using System.Net;
using System.Text;

namespace Courier.ClientTests.Responses;

/// <summary>
/// A transport that answers at once with a body in memory (a canned handler, a mock) takes the client's shortest path:
/// these pin that it behaves exactly like the timed path — cancellation, faults, streaming, disposal.
/// </summary>
public class InMemoryBodyTests
{
    private static Client Canned(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) =>
        new(new ClientOptions { Transport = new FuncHandler(answer) });

    private static Task<HttpResponseMessage> Hello(HttpRequestMessage request, CancellationToken token) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("hello"u8.ToArray()), RequestMessage = request });

    [Test]
    public async Task NoToken_ReadsTheBody()
    {
        using var client = Canned(Hello);

        var response = await client.GetAsync("http://canned.test/");

        response.Text.ShouldBe("hello");
        response.IsClosed.ShouldBeTrue();
        response.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Test]
    public async Task CancelledToken_WithAHandlerThatIgnoresIt_StillCancels()
    {
        using var client = Canned(Hello);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync("http://canned.test/", cancellationToken: cts.Token));
    }

    [Test]
    public async Task HandlerThrowingCancellationSynchronously_GivesACanceledTask_NotAFaultedOne()
    {
        using var client = Canned((_, token) => throw new OperationCanceledException("handler gave up", token));

        var call = client.GetAsync("http://canned.test/");
        await Should.ThrowAsync<OperationCanceledException>(() => call);

        call.Status.ShouldBe(TaskStatus.Canceled);
    }

    [Test]
    public async Task HandlerThrowingSynchronously_FaultsTheTask_WithTheMappedException()
    {
        using var client = Canned((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "no route"));

        var call = client.GetAsync("http://canned.test/");

        (await Should.ThrowAsync<ConnectException>(() => call)).Request.ShouldNotBeNull();
        call.Status.ShouldBe(TaskStatus.Faulted);
    }

    [Test]
    public async Task StreamedBody_CancellingTheCallersToken_EndsLaterReads()
    {
        using var client = Canned(Hello);
        using var cts = new CancellationTokenSource();
        var response = await client.StreamAsync("GET", "http://canned.test/", cancellationToken: cts.Token);

        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await response.ReadBytesAsync());
    }

    [Test]
    public async Task StreamedBody_ReadAfterIterating_FailsThroughTheValueTask_NotAtTheCall()
    {
        using var client = Canned(Hello);
        var response = await client.StreamAsync("GET", "http://canned.test/");
        await foreach (var _ in response.IterBytesAsync())
        {
        }

        Task<ReadOnlyMemory<byte>>? pending = null;
        Should.NotThrow(() => { pending = response.ReadBytesAsync().AsTask(); });
        await Should.ThrowAsync<StreamConsumedException>(pending!);
    }

    [Test]
    public async Task ContentDisposedByTheHandler_SurfacesAsObjectDisposed_ThroughTheTask()
    {
        using var client = Canned((request, _) =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("gone"));
            content.Dispose();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        });

        var call = client.GetAsync("http://canned.test/");

        // A handler bug, reported as what it is (the same as on the timed path), never as a response.
        await Should.ThrowAsync<ObjectDisposedException>(() => call);
        call.Status.ShouldBe(TaskStatus.Faulted);
    }

    private sealed class FuncHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);
    }
}
