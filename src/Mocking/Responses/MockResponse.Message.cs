using System.Net;

namespace Courier.Mocking;

public sealed partial record MockResponse
{
    /// <summary>Builds the BCL response (or throws the fault) for one request.</summary>
    internal HttpResponseMessage ToMessage(HttpRequestMessage request, Matching.RequestSnapshot snapshot, TimeProvider time)
    {
        if (Fault is { } fault)
        {
            throw MockFaults.ForSend(fault, MockTransport.CourierRequest(request, snapshot));
        }

        if (CustomException is { } create)
        {
            throw create(MockTransport.CourierRequest(request, snapshot));
        }

        var message = new HttpResponseMessage((HttpStatusCode)StatusCode) { RequestMessage = request };
        if (ReasonPhrase is not null)
        {
            message.ReasonPhrase = ReasonPhrase;
        }

        HttpContent content;
        if (Chunks is not null || OpenStream is not null || BodyBreak is not null)
        {
            var faultFactory = BodyBreak is { } broken ? () => MockFaults.ForBody(broken.Fault, MockTransport.CourierRequest(request, snapshot)) : (Func<IOException>?)null;
            content = new MockStreamContent(this, time, faultFactory);
        }
        else
        {
            content = Content is not { } bytes ? new ByteArrayContent([])
                : System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) ? new ByteArrayContent(segment.Array!, segment.Offset, segment.Count)
                : new ReadOnlyMemoryContent(bytes);
        }

        var headers = Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (IsContentHeader(name) ? !content.Headers.TryAddWithoutValidation(name, value) : !message.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = content;
        return message;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || name.Equals("Allow", StringComparison.OrdinalIgnoreCase);
}
