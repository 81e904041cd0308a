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
            content = Content is { } bytes ? new ReadOnlyMemoryContent(bytes) : new ByteArrayContent([]);
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = content;
        return message;
    }
}
