using System.Buffers;
using System.IO.Compression;

namespace Courier;

/// <summary>
/// Decoders that notice a truncated body: .NET's <see cref="BrotliStream"/> and <see cref="ZLibStream"/> end quietly
/// when their input stops early, which would hand the caller a short body as if it were complete.
/// </summary>
internal static class CheckedDecoders
{
    /// <summary>Brotli through <see cref="BrotliDecoder"/>, which says whether the stream really ended.</summary>
    public sealed class Brotli(Stream raw) : ReadOnlyStreamBase
    {
        private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private BrotliDecoder _decoder;
        private int _start;
        private int _end;
        private bool _rawEnded;
        private bool _done;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0 || _done)
            {
                return 0;
            }

            while (true)
            {
                var status = _decoder.Decompress(_input.AsSpan(_start, _end - _start), buffer.Span, out var consumed, out var written);
                _start += consumed;
                switch (status)
                {
                    case System.Buffers.OperationStatus.InvalidData:
                        throw new InvalidDataException("The brotli data is corrupt.");
                    case System.Buffers.OperationStatus.Done:
                        _done = true;
                        return written;
                    case System.Buffers.OperationStatus.DestinationTooSmall:
                        return written;
                }

                if (written > 0)
                {
                    return written;
                }

                if (_rawEnded)
                {
                    throw new InvalidDataException("The brotli data is truncated: the body ended before the brotli stream did.");
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_input, _start, _input, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                var read = await raw.ReadAsync(_input.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                _rawEnded = read == 0;
                _end += read;
            }
        }

        private bool _disposed;

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                _decoder.Dispose();
                ArrayPool<byte>.Shared.Return(_input);
                raw.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>zlib (RFC 1950) whose Adler-32 trailer is checked against the decoded bytes at the end.</summary>
    public sealed class ZLib : ReadOnlyStreamBase
    {
        private readonly TailStream _source;
        private readonly ZLibStream _decoder;
        private uint _a = 1;
        private uint _b;

        public ZLib(Stream source)
        {
            _source = new TailStream(source);
            _decoder = new ZLibStream(_source, CompressionMode.Decompress);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await _decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                Update(buffer.Span[..read]);
            }
            else if (buffer.Length > 0 && (_source.Count < 4 || _source.LastFourBigEndian != ((_b << 16) | _a)))
            {
                throw new InvalidDataException("The deflate (zlib) data is truncated or corrupt: its Adler-32 checksum does not match.");
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _decoder.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Update(ReadOnlySpan<byte> data)
        {
            const uint Mod = 65521;
            foreach (var value in data)
            {
                _a = (_a + value) % Mod;
                _b = (_b + _a) % Mod;
            }
        }
    }

    /// <summary>Passes reads through and remembers the last four bytes.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyStreamBase
    {
        private uint _tail;

        public long Count { get; private set; }

        public uint LastFourBigEndian => _tail;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            foreach (var value in buffer.Span[..read])
            {
                _tail = (_tail << 8) | value;
            }

            Count += read;
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
    }
}
