using System.Net;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Transport;

/// <summary>
/// The client opens a response body without a task when its content hands out its stream at once: SocketsHttpHandler's
/// content (found by its internal type name, so a runtime that renames it must fail here, not just get slower), and a
/// StreamContent. Any other content keeps the asynchronous open: it may produce its stream by buffering.
/// </summary>
public class StreamOpeningTests
{
    [Test]
    public async Task NetworkResponseContent_OpensAtOnce()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/small", () => "hello"));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await http.GetAsync(new Uri(server.Url, "/small"), HttpCompletionOption.ResponseHeadersRead);

        MessageConversion.OpensAtOnce(response.Content).ShouldBeTrue($"{response.Content.GetType().FullName} is not recognised as SocketsHttpHandler's response content");
    }

    [Test]
    public void StreamContent_OpensAtOnce_OtherContents_DoNot()
    {
        using var stream = new StreamContent(new MemoryStream([1, 2, 3]));
        using var custom = new BufferingContent();

        MessageConversion.OpensAtOnce(stream).ShouldBeTrue();
        MessageConversion.OpensAtOnce(custom).ShouldBeFalse();
    }

    [Test]
    public async Task Client_ReadsBodies_FromEitherKindOfContent()
    {
        using var client = new Client(new ClientOptions { Transport = new TwoKindsHandler() });

        (await client.GetAsync("http://app.local/stream", cancellationToken: new CancellationTokenSource().Token)).Text.ShouldBe("streamed");
        (await client.GetAsync("http://app.local/custom", cancellationToken: new CancellationTokenSource().Token)).Text.ShouldBe("buffered");
    }

    /// <summary>A content that only knows how to serialize itself (its stream is made by buffering).</summary>
    private sealed class BufferingContent(string text = "buffered") : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await Task.Yield();
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class TwoKindsHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            HttpContent content = request.RequestUri!.AbsolutePath == "/stream"
                ? new StreamContent(new MemoryStream("streamed"u8.ToArray()))
                : new BufferingContent();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
