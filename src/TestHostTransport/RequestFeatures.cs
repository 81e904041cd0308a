using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.TestHost;

/// <summary>
/// What Kestrel gives every request and TestServer lacks, in one object per request (one allocation, and the app's
/// feature table is touched once per feature, not through <c>HttpContext.Connection</c>'s wrappers):
/// <list type="bullet">
/// <item>the connection (<see cref="IHttpConnectionFeature"/>): the client address and port of
/// <see cref="TestServerTransportOptions.ClientAddress"/>, the local loopback address and the URL's port;</item>
/// <item>the request body size limit (<see cref="IHttpMaxRequestBodySizeFeature"/>): the app reads at most
/// <see cref="TestServerTransportOptions.MaxRequestBodySize"/> bytes, then gets <see cref="BadHttpRequestException"/>
/// with status 413 (which, unhandled, becomes a 413 response in server-like mode); the app may change the limit per
/// request until it starts reading, as on Kestrel;</item>
/// <item>whether the request has a body (<see cref="IHttpRequestBodyDetectionFeature"/>), set only for a message with
/// content (without the feature the app treats the request as bodiless, which is right otherwise).</item>
/// </list>
/// </summary>
internal sealed class RequestFeatures : IHttpConnectionFeature, IHttpMaxRequestBodySizeFeature, IHttpRequestBodyDetectionFeature
{
    private bool _reading;

    private RequestFeatures(long? limit, bool canHaveBody)
    {
        MaxRequestBodySize = limit;
        CanHaveBody = canHaveBody;
    }

    public string ConnectionId { get; set; } = string.Empty;

    public System.Net.IPAddress? RemoteIpAddress { get; set; }

    public System.Net.IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }

    public bool IsReadOnly => _reading;

    public long? MaxRequestBodySize { get; set; }

    public bool CanHaveBody { get; }

    /// <summary>Sets the features on the app's context; a body is read through the limit.</summary>
    public static void Apply(HttpContext context, TestServerTransportOptions options, int localPort, bool hasContent, bool canHaveBody, Stream? body)
    {
        var features = new RequestFeatures(options.MaxRequestBodySize, canHaveBody)
        {
            RemoteIpAddress = options.ClientAddress.Address,
            RemotePort = options.ClientAddress.Port,
            LocalIpAddress = System.Net.IPAddress.Loopback,
            LocalPort = localPort,
        };
        var collection = context.Features;
        collection.Set<IHttpConnectionFeature>(features);
        collection.Set<IHttpMaxRequestBodySizeFeature>(features);
        if (hasContent)
        {
            collection.Set<IHttpRequestBodyDetectionFeature>(features);
        }

        if (body is not null)
        {
            context.Request.Body = new LimitedStream(body, features, context.Request.ContentLength);
        }
    }

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedStream(Stream inner, RequestFeatures limit, long? declaredLength) : ReadOnlyStreamBase
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
