using System.IO.Compression;

namespace Courier;

/// <summary>
/// Undoes <c>Content-Encoding</c> the same way over every transport: gzip, deflate (zlib-wrapped or raw), br,
/// stacked up to <see cref="MaxLayers"/> layers; <c>identity</c> and unknown codings pass through unchanged.
/// Corrupt data, too many layers or more decoded bytes than allowed throw <see cref="DecodingException"/>.
/// </summary>
internal static class ContentDecoding
{
    public const int MaxLayers = 5;

    public static Stream Wrap(Stream raw, Headers headers, long? maxDecodedSize, Request? request)
    {
        if (!headers.Contains("Content-Encoding"))
        {
            return raw;
        }

        var codings = headers.GetValues("Content-Encoding")
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(c => c.ToLowerInvariant())
            .Where(c => c is "gzip" or "x-gzip" or "deflate" or "br")
            .ToList();
        if (codings.Count == 0)
        {
            return raw;
        }

        if (codings.Count > MaxLayers)
        {
            throw new DecodingException(
                $"The response declares {codings.Count} content codings ({string.Join(", ", codings)}); at most {MaxLayers} layers are decoded.", request);
        }

        var stream = raw;
        for (var i = codings.Count - 1; i >= 0; i--)
        {
            stream = codings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new DeflateAutoStream(stream),
                _ => new CheckedDecoders.Brotli(stream),
            };
        }

        return new DecodingGuardStream(stream, string.Join(", ", codings), maxDecodedSize, request);
    }

    /// <summary>Turns every decoder failure into one <see cref="DecodingException"/> and enforces the size limit.</summary>
    private sealed class DecodingGuardStream(Stream inner, string codings, long? limit, Request? request) : ReadOnlyStreamBase
    {
        private long _total;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or DecodingException)
            {
                throw ex as DecodingException ?? new DecodingException($"The response body could not be decoded as '{codings}': {ex.Message}", request, ex);
            }

            _total += read;
            if (limit is { } max && _total > max)
            {
                throw new DecodingException($"The decoded response body exceeded the limit of {max} bytes (content coding '{codings}'); decoding stopped. Raise ClientOptions.MaxDecodedBodySize if this is expected.", request);
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>deflate as sent in practice: zlib-wrapped (RFC 1950) or raw (RFC 1951), told apart by the first two bytes.</summary>
    private sealed class DeflateAutoStream(Stream raw) : ReadOnlyStreamBase
    {
        private Stream? _decoder;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_decoder is null)
            {
                var head = new byte[2];
                var got = 0;
                while (got < 2)
                {
                    var n = await raw.ReadAsync(head.AsMemory(got), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    got += n;
                }

                var isZlib = got == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
                var source = new PrefixedStream(head.AsMemory(0, got), raw);
                _decoder = isZlib ? new CheckedDecoders.ZLib(source) : new DeflateStream(source, CompressionMode.Decompress);
            }

            return await _decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                (_decoder ?? raw).Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStreamBase
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.Length > 0)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return ValueTask.FromResult(n);
            }

            return rest.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
