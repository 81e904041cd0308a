namespace Courier.Mocking.Matching;

public sealed partial class RequestSnapshot
{
    /// <summary>Reads a BCL request message: its headers (request and content) and its body, buffered once.</summary>
    public static ValueTask<RequestSnapshot> FromMessageAsync(HttpRequestMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var url = message.RequestUri ?? throw new InvalidOperationException("The request has no URI; a mock can only answer absolute URLs.");
        if (!url.IsAbsoluteUri)
        {
            throw new InvalidOperationException($"The request URI '{url}' is relative; give the HttpClient a BaseAddress or use an absolute URL.");
        }

        if (message.Content is null && message.Headers.NonValidated.Count == 0)
        {
            return new(new RequestSnapshot(message.Method.Method, url, null));
        }

        return ReadAsync(message, url, cancellationToken);
    }

    private static async ValueTask<RequestSnapshot> ReadAsync(HttpRequestMessage message, Uri url, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in message.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value));
            }
        }

        ReadOnlyMemory<byte> body = default;
        if (message.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value));
                }
            }

            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return new RequestSnapshot(message.Method.Method, url, headers, body);
    }

    /// <summary>Reads a Courier request; a stream body is not supported (its bytes are not in memory).</summary>
    public static RequestSnapshot FromRequest(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RequestSnapshot(request.Method, request.Url, request.HeadersToSend, request.Content);
    }
}
