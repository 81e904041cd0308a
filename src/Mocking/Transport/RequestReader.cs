namespace Courier.Mocking;

/// <summary>Turns a BCL request message into a Courier <see cref="Request"/> with its body buffered once.</summary>
internal static class RequestReader
{
    public static async ValueTask<Request> ReadAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var uri = message.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        // The client's own request object is reused only when the message still says the same thing (no body to
        // buffer, and the URL unchanged: a URL with userinfo is sent without it, and the mock must see what is sent).
        if (CourierRequestMessage.TryGetRequest(message, out var original) && message.Content is null && ReferenceEquals(original.Url, uri))
        {
            return original;
        }

        var headers = new Headers();
        foreach (var (name, values) in message.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                headers.Add(name, value);
            }
        }

        Body? body = null;
        if (message.Content is not null)
        {
            foreach (var (name, values) in message.Content.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(name, value);
                }
            }

            var bytes = await message.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = Body.Bytes(bytes, message.Content.Headers.ContentType?.ToString());
            if (!headers.Contains("Content-Length"))
            {
                headers.Add("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (!headers.Contains("Host"))
        {
            headers.Add("Host", uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}");
        }

        var request = new Request(message.Method.Method, uri, headers, body);
        if (original is not null)
        {
            foreach (var (key, value) in original.Extensions)
            {
                request.Extensions[key] = value;
            }
        }

        return request;
    }
}
