using System.Globalization;

namespace Courier;

/// <summary>
/// Courier's own check of an HTTP/1.x response's framing headers, since <see cref="SocketsHttpHandler"/> takes the
/// first of two different <c>Content-Length</c>s, ignores an unparsable one (reading to the close instead) and lets
/// <c>Transfer-Encoding</c> win over <c>Content-Length</c>. Any such response is refused (RELIABILITY.md client row 4)
/// and its connection is closed, never reused: the bytes that follow could be read as the next response.
/// </summary>
internal static class ResponseFraming
{
    /// <summary>The connection stream that read the current request's response (set by <see cref="GuardedStream"/>).</summary>
    private static readonly AsyncLocal<Watcher?> CurrentConnection = new();

    /// <summary>Starts watching which connection reads this request's response (call before sending).</summary>
    public static Watcher Watch()
    {
        var watcher = new Watcher();
        CurrentConnection.Value = watcher;
        return watcher;
    }

    /// <summary>Wraps a connection's stream so a request can find, and close, the connection that served it.</summary>
    public static Stream Guard(Stream connection) => new GuardedStream(connection);

    /// <summary>Why the framing of <paramref name="response"/> is ambiguous, or null when it is sound.</summary>
    public static string? Problem(HttpResponseMessage response)
    {
        if (response.Version.Major >= 2)
        {
            return null;
        }

        string? length = null;
        var lengths = 0;
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengthValues))
        {
            foreach (var value in lengthValues)
            {
                if (lengths == 0 && lengthValues.Count == 1 && IsPlainLength(value))
                {
                    // The common case: one plain number (no list to split, nothing allocated).
                    lengths = 1;
                    length = value;
                    break;
                }

                foreach (var part in value.Split(','))
                {
                    var text = part.Trim();
                    lengths++;
                    if (text.Length == 0 || text.Length > 18 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        return $"its Content-Length '{Printable(value)}' is not a non-negative whole number";
                    }

                    if (length is not null && text != length)
                    {
                        return $"it has two different Content-Lengths ({length} and {text})";
                    }

                    length = text;
                }
            }
        }

        if (!response.Headers.NonValidated.TryGetValues("Transfer-Encoding", out var codingValues))
        {
            return null;
        }

        if (lengths == 0 && codingValues.Count == 1 && codingValues.ToString().Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var codings = codingValues.SelectMany(v => v.Split(',')).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (lengths > 0)
        {
            return $"it has both Content-Length ({length}) and Transfer-Encoding ({string.Join(", ", codings)})";
        }

        var chunked = codings.Count(c => c.Equals("chunked", StringComparison.OrdinalIgnoreCase));
        return chunked == 1 && codings[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"its Transfer-Encoding '{string.Join(", ", codings)}' does not end in exactly one 'chunked'";
    }

    /// <summary>Closes the connection that read the response watched by <paramref name="watcher"/>, so it is never reused.</summary>
    public static void Discard(Watcher watcher) => watcher.Connection?.Abort();

    private static bool IsPlainLength(string value)
    {
        if (value.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string value) => value.Length > 40 ? value[..40] + "..." : value;

    /// <summary>A connection stream that tells the watching request it read its response, and can be aborted.</summary>
    internal sealed class GuardedStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Abort() => inner.Dispose();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Mark();
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Mark();
            return inner.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Mark();
            return inner.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Mark();
            return inner.Read(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Mark()
        {
            if (CurrentConnection.Value is { } watcher)
            {
                watcher.Connection = this;
                watcher.Reads++;
            }
        }
    }

    /// <summary>What one request's flow saw of its connection: which one it read from, and how many reads it started.</summary>
    internal sealed class Watcher
    {
        public GuardedStream? Connection { get; set; }

        /// <summary>
        /// Reads started for this request. A failure with at most one read means no response byte arrived: the read
        /// that failed was the first (a read that returned bytes of the head is followed by another read).
        /// </summary>
        public int Reads { get; set; }
    }
}
