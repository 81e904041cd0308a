using System.Net.Http.Headers;

namespace Courier;

public sealed partial class Response
{
    private Headers? _headers;

    // The pipeline asks for Set-Cookie and Content-Encoding on every response, while most callers never look at the
    // headers: these two answer from the transport's message, without copying its headers.

    /// <summary>Whether a content header (<c>Content-Encoding</c>) is present: only the content's headers hold one.</summary>
    internal bool HasContentHeader(string name) =>
        _headers is { } headers ? headers.Contains(name) : _message!.Content.Headers.NonValidated.Contains(name);

    /// <summary>
    /// Whether a response header (<c>Set-Cookie</c>) is present: never among the content's headers. A message whose
    /// header collection was never created has none, and is not made to create an empty one.
    /// </summary>
    internal bool HasResponseHeader(string name) =>
        _headers is { } headers ? headers.Contains(name)
        : ResponseMessageHeaders.MayHave(_message!) && _message!.Headers.NonValidated.Contains(name);

    /// <summary>
    /// The <c>Content-Type</c> value (values joined with ", ", as <see cref="Courier.Headers"/>' indexer does), read from the
    /// transport's content headers when the headers were never copied: decoding text needs only this one.
    /// </summary>
    internal string? ContentTypeHeader =>
        _headers is { } headers ? headers["Content-Type"]
        : _message!.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;

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
