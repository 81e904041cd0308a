using Courier.Mocking.Matching;

namespace Courier.Mocking.Server;

/// <summary>WireMock's <c>proxyBaseUrl</c>: sends the request on to another server and answers with its response (buffered).</summary>
internal static class StubProxy
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Proxy-Connection", "TE",
    };

    public static async Task<MockResponse> SendAsync(HttpMessageInvoker invoker, Uri proxyBase, IReadOnlyList<KeyValuePair<string, string>> extraHeaders, RequestSnapshot request, CancellationToken cancellationToken)
    {
        var target = new Uri(proxyBase.GetLeftPart(UriPartial.Authority) + proxyBase.AbsolutePath.TrimEnd('/') + request.PathAndQuery);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (!request.Body.IsEmpty)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
        }

        foreach (var (name, value) in request.Headers.Concat(extraHeaders))
        {
            if (!Skipped.Contains(name) && !message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var answer = await invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var response = MockResponse.Bytes(body, null, (int)answer.StatusCode);
        foreach (var (name, values) in answer.Headers.NonValidated.Concat(answer.Content.Headers.NonValidated))
        {
            if (!Skipped.Contains(name))
            {
                foreach (var value in values)
                {
                    response = response.WithHeader(name, value);
                }
            }
        }

        return response;
    }
}
