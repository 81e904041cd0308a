using System.Net;

namespace Courier;

/// <summary>
/// A body wrapped by one stage of the pipeline (write timeouts, send-once, pool permits): it carries the inner body's
/// headers and length, and disposing it disposes the inner body. Subclasses add only what their stage does.
/// </summary>
internal abstract class WrappedContent : HttpContent
{
    protected WrappedContent(HttpContent inner)
    {
        Inner = inner;
        foreach (var header in inner.Headers.NonValidated)
        {
            // A single value goes through the string overload (the enumerable one boxes an enumerator per header).
            _ = header.Value.Count == 1
                ? Headers.TryAddWithoutValidation(header.Key, header.Value.ToString())
                : Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected HttpContent Inner { get; }

    protected sealed override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected abstract override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        var declared = Inner.Headers.ContentLength;
        length = declared ?? 0;
        return declared.HasValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
