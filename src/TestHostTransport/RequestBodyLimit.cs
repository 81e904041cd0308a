using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.TestHost;

/// <summary>
/// Kestrel's request body size limit, which TestServer lacks: the app reads at most
/// <see cref="TestServerTransportOptions.MaxRequestBodySize"/> bytes, then gets <see cref="BadHttpRequestException"/>
/// with status 413 (which, unhandled, becomes a 413 response in server-like mode). The app may change the limit per
/// request through <see cref="IHttpMaxRequestBodySizeFeature"/> until it starts reading, as on Kestrel.
/// </summary>
internal sealed class RequestBodyLimit : IHttpMaxRequestBodySizeFeature, IHttpRequestBodyDetectionFeature
{
    private bool _reading;

    private RequestBodyLimit(long? limit, bool canHaveBody)
    {
        MaxRequestBodySize = limit;
        CanHaveBody = canHaveBody;
    }

    public bool IsReadOnly => _reading;

    public long? MaxRequestBodySize { get; set; }

    public bool CanHaveBody { get; }

    /// <summary>Sets the limit (and whether the request has a body) on the app's request; a body is read through the limit.</summary>
    public static void Apply(HttpContext context, long? limit, bool canHaveBody, Stream? body)
    {
        var feature = new RequestBodyLimit(limit, canHaveBody);
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(feature);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(feature);
        if (body is not null)
        {
            context.Request.Body = new LimitedStream(body, feature, context.Request.ContentLength);
        }
    }

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedStream(Stream inner, RequestBodyLimit limit, long? declaredLength) : ReadOnlyStreamBase
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            limit._reading = true;
            if (limit.MaxRequestBodySize is { } max && declaredLength > max)
            {
                // Kestrel refuses a declared length over the limit before reading anything.
                throw TooLarge(max);
            }

            return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }

        private int Count(int read)
        {
            _read += read;
            if (limit.MaxRequestBodySize is { } max && _read > max)
            {
                throw TooLarge(max);
            }

            return read;
        }

        // Sync reads go to the body stream, which refuses them unless AllowSynchronousIO (as Kestrel does).
        public override int Read(byte[] buffer, int offset, int count)
        {
            limit._reading = true;
            return Count(inner.Read(buffer, offset, count));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
