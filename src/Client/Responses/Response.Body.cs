using System.Runtime.CompilerServices;
using System.Text;

namespace Courier;

public sealed partial class Response
{
    private byte[]? _content;
    private readonly Body? _bodySource;
    private Stream? _raw;
    private int _consumed;
    private bool _disposed;
    private ElapsedTimer _timer;

    private Dictionary<string, object?>? _extensions;

    /// <summary>Free-form values carried with the response (httpx's <c>extensions</c>).</summary>
    public IDictionary<string, object?> Extensions => _extensions ??= new(StringComparer.Ordinal);

    /// <summary>
    /// The decoded body. Throws <see cref="ResponseNotReadException"/> on a streamed response whose body was not read
    /// (call <see cref="ReadBytesAsync"/> first).
    /// </summary>
    public ReadOnlyMemory<byte> Content => _content ?? throw (_consumed == 1 ? new StreamConsumedException(_request) : new ResponseNotReadException(_request));

    /// <summary>Whether the whole body has been read into <see cref="Content"/>.</summary>
    public bool IsRead => _content is not null;

    /// <summary>Whether the body stream was closed (read to the end, consumed or disposed).</summary>
    public bool IsClosed => _disposed || _content is not null || _consumed == 1;

    /// <summary>Reads the whole body (sync twin of <see cref="ReadBytesAsync"/>).</summary>
    public ReadOnlyMemory<byte> ReadBytes() => SyncOverAsync.Run(ct => ReadBytesAsync(ct));

    /// <summary>Reads the whole body as text (see <see cref="Text"/> for the charset rules).</summary>
    public async ValueTask<string> ReadTextAsync(CancellationToken cancellationToken = default)
    {
        await ReadBytesAsync(cancellationToken).ConfigureAwait(false);
        return Text;
    }

    /// <summary>Reads the whole body as text (sync twin of <see cref="ReadTextAsync"/>).</summary>
    public string ReadText() => SyncOverAsync.Run(ct => ReadTextAsync(ct));

    /// <summary>The raw body bytes as they came off the wire (still compressed), chunk by chunk.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> IterRawAsync(int chunkSize = 64 * 1024, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_content is not null)
        {
            throw new StreamConsumedException(_request);
        }

        var raw = TakeRawStream();
        await foreach (var chunk in ReadChunksAsync(raw, chunkSize, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>The decoded body (gzip, deflate and br undone), chunk by chunk.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> IterBytesAsync(int chunkSize = 64 * 1024, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_content is not null)
        {
            for (var offset = 0; offset < _content.Length; offset += chunkSize)
            {
                yield return _content.AsMemory(offset, Math.Min(chunkSize, _content.Length - offset));
            }

            yield break;
        }

        var raw = TakeRawStream();
        var decoded = HasContentHeader("Content-Encoding") ? ContentDecoding.Wrap(raw, Headers, MaxDecodedSize, _request) : raw;
        await foreach (var chunk in ReadChunksAsync(decoded, chunkSize, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>The decoded body as text, chunk by chunk (a character split across chunks is kept whole).</summary>
    public async IAsyncEnumerable<string> IterTextAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var decoder = TextDecoding.EncodingOf(ContentTypeHeader).GetDecoder();
        var chars = new char[8192];
        var first = true;
        await foreach (var chunk in IterBytesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var bytes = chunk;
            if (first)
            {
                bytes = TextDecoding.SkipBom(bytes, ContentTypeHeader, ref decoder);
                first = false;
            }

            var text = DecodeChunk(decoder, bytes.Span, ref chars, flush: false);
            if (text.Length > 0)
            {
                yield return text;
            }
        }

        var rest = DecodeChunk(decoder, [], ref chars, flush: true);
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    /// <summary>The body line by line, split on <c>\n</c>, <c>\r\n</c> or <c>\r</c>; line ends are not included.</summary>
    public IAsyncEnumerable<string> ReadLinesAsync(CancellationToken cancellationToken = default) =>
        LineSplitter.SplitAsync(IterTextAsync(cancellationToken), cancellationToken);

    /// <summary>The body as server-sent events (<c>text/event-stream</c>), one event at a time.</summary>
    public IAsyncEnumerable<ServerSentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        ServerSentEvent.ParseAsync(ReadLinesAsync(cancellationToken), cancellationToken);

    /// <summary>Sync twin of <see cref="IterRawAsync"/>.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> IterRaw(int chunkSize = 64 * 1024) => SyncOverAsync.Enumerate(IterRawAsync(chunkSize));

    /// <summary>Sync twin of <see cref="IterBytesAsync"/>.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> IterBytes(int chunkSize = 64 * 1024) => SyncOverAsync.Enumerate(IterBytesAsync(chunkSize));

    /// <summary>Sync twin of <see cref="IterTextAsync"/>.</summary>
    public IEnumerable<string> IterText() => SyncOverAsync.Enumerate(IterTextAsync());

    /// <summary>Sync twin of <see cref="ReadLinesAsync"/>.</summary>
    public IEnumerable<string> ReadLines() => SyncOverAsync.Enumerate(ReadLinesAsync());

    /// <summary>Sync twin of <see cref="ReadEventsAsync"/>.</summary>
    public IEnumerable<ServerSentEvent> ReadEvents() => SyncOverAsync.Enumerate(ReadEventsAsync());

    /// <summary>Closes the body stream (returning the connection to the pool); the read body stays available.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _raw?.Dispose();
        _raw = null;
        _message?.Dispose();
        _timer.Stop();
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        if (_disposed || _raw is null)
        {
            // Nothing left to close asynchronously (the body was read, or there is none).
            Dispose();
            return default;
        }

        return DisposeRawAsync();
    }

    private async ValueTask DisposeRawAsync()
    {
        _disposed = true;
        if (_raw is { } raw)
        {
            _raw = null;
            await raw.DisposeAsync().ConfigureAwait(false);
        }

        _message?.Dispose();
        _timer.Stop();
    }

    internal long? MaxDecodedSize => ClientOptions?.MaxDecodedBodySize;

    /// <summary>A response from a transport: the body is the (timed) raw stream of <paramref name="message"/>.</summary>
    internal Response(int statusCode, Stream raw, HttpResponseMessage message, TimeProvider clock, long started)
    {
        StatusCode = statusCode;
        ReasonPhrase = message.ReasonPhrase ?? DefaultReason(statusCode);
        HttpVersion = VersionText(message.Version);
        _raw = raw;
        _message = message;
        _timer = ElapsedTimer.StartedAt(clock, started);
    }

    /// <summary>A HEAD response has no body, whatever its headers say.</summary>
    internal void MarkBodyless()
    {
        _raw?.Dispose();
        _raw = null;
        _content = [];
        _timer.Stop();
    }

    /// <summary>Builds the BCL message for this response (used by in-process transports such as MockTransport).</summary>
    internal HttpResponseMessage ToHttpResponseMessage(HttpRequestMessage? request)
    {
        var message = new HttpResponseMessage((System.Net.HttpStatusCode)StatusCode)
        {
            ReasonPhrase = ReasonPhrase,
            RequestMessage = request,
            Version = HttpVersion switch { "HTTP/2" => System.Net.HttpVersion.Version20, "HTTP/1.0" => System.Net.HttpVersion.Version10, "HTTP/3" => System.Net.HttpVersion.Version30, _ => System.Net.HttpVersion.Version11 },
        };
        HttpContent content = _content is not null
            ? new ByteArrayContent(_content)
            : new StreamContent(TakeRawStream());
        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = content;
        return message;
    }

    private readonly HttpResponseMessage? _message;

    private Stream TakeRawStream()
    {
        if (Interlocked.Exchange(ref _consumed, 1) == 1)
        {
            throw new StreamConsumedException(_request);
        }

        if (_disposed)
        {
            throw new StreamClosedException(_request);
        }

        if (_raw is not null)
        {
            return _raw;
        }

        if (_bodySource is not null)
        {
            _raw = _bodySource.OpenRead();
            return _raw;
        }

        return Stream.Null;
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(Stream stream, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var buffer = new byte[Math.Min(chunkSize, 1024 * 1024)];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw ExceptionMapper.Map(ex, _request, ExceptionMapper.Phase.ReadBody);
                }

                if (read == 0)
                {
                    break;
                }

                yield return buffer.AsMemory(0, read).ToArray();
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _timer.Stop();
        }
    }

    private static string DecodeChunk(Decoder decoder, ReadOnlySpan<byte> bytes, ref char[] chars, bool flush)
    {
        var needed = decoder.GetCharCount(bytes, flush);
        if (needed > chars.Length)
        {
            chars = new char[needed];
        }

        var count = decoder.GetChars(bytes, chars, flush);
        return new string(chars, 0, count);
    }
}
