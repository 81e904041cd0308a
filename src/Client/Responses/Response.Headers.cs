using System.Net.Http.Headers;

namespace Courier;

public sealed partial class Response
{
    private Headers? _headers;

    /// <summary>
    /// Whether the response has a header, without copying the transport's headers (the pipeline asks this on every
    /// response — <c>Set-Cookie</c>, <c>Content-Encoding</c> — while most callers never look at the headers).
    /// </summary>
    internal bool HasHeader(string name)
    {
        if (_headers is { } headers)
        {
            return headers.Contains(name);
        }

        return _message!.Headers.NonValidated.Contains(name) || _message.Content.Headers.NonValidated.Contains(name);
    }

    /// <summary>Copies the transport message's headers (response, then content headers) into Courier's, once.</summary>
    private Headers CopyTransportHeaders()
    {
        var message = _message!;
        var copy = new Headers(message.Headers.NonValidated.Count + message.Content.Headers.NonValidated.Count);
        Copy(message.Headers.NonValidated, copy);
        Copy(message.Content.Headers.NonValidated, copy);

        // Two threads may race here: the first copy published wins, so every caller sees (and may change) the same one.
        return Interlocked.CompareExchange(ref _headers, copy, null) ?? copy;

        static void Copy(HttpHeadersNonValidated source, Headers target)
        {
            foreach (var (name, values) in source)
            {
                foreach (var value in values)
                {
                    target.AddUnchecked(name, value);
                }
            }
        }
    }
}
