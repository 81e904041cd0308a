using System.Text;
using System.Text.Json;

namespace Courier.Mocking;

/// <summary>
/// What a route answers: a status, headers and a body (bytes, text, JSON, a stream, chunks with pauses, server-sent
/// events), optionally after a delay, or a simulated transport fault. Immutable: the <c>With…</c> methods return a
/// copy, so one response can be shared by routes and threads.
/// </summary>
public sealed partial record MockResponse
{
    private MockResponse(int statusCode)
    {
        if (statusCode is < 100 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A status code has three digits (100 to 999).");
        }

        StatusCode = statusCode;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The reason phrase, or null for the standard one.</summary>
    public string? ReasonPhrase { get; private init; }

    /// <summary>The headers, in order (content headers such as <c>Content-Type</c> included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private init; } = [];

    /// <summary>The body when it is held in memory, or null.</summary>
    public ReadOnlyMemory<byte>? Content { get; private init; }

    /// <summary>The wait before the response (or the fault) is returned.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The simulated fault, or null.</summary>
    public MockFault? Fault { get; private init; }

    internal Func<Stream>? OpenStream { get; private init; }

    internal IReadOnlyList<ReadOnlyMemory<byte>>? Chunks { get; private init; }

    internal TimeSpan ChunkPause { get; private init; }

    internal (long AfterBytes, MockFault Fault)? BodyBreak { get; private init; }

    internal Func<Request?, Exception>? CustomException { get; private init; }

    /// <summary>An empty response with this status.</summary>
    public static MockResponse Status(int statusCode) => new(statusCode);

    /// <summary>A text body (<c>text/plain; charset=utf-8</c> unless <paramref name="contentType"/> says otherwise).</summary>
    public static MockResponse Text(string text, int statusCode = 200, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(text);
        return Bytes(Encoding.UTF8.GetBytes(text), contentType, statusCode);
    }

    /// <summary>A JSON body, serialised once now (System.Text.Json, web defaults: camelCase).</summary>
    public static MockResponse Json<T>(T value, int statusCode = 200, JsonSerializerOptions? options = null) =>
        Bytes(JsonSerializer.SerializeToUtf8Bytes(value, options ?? ClientOptions.DefaultJsonOptions), "application/json", statusCode);

    /// <summary>A JSON body given as text (sent as is).</summary>
    public static MockResponse RawJson(string json, int statusCode = 200) => Text(json, statusCode, "application/json");

    /// <summary>A body of bytes.</summary>
    public static MockResponse Bytes(ReadOnlyMemory<byte> bytes, string? contentType = "application/octet-stream", int statusCode = 200)
    {
        var response = new MockResponse(statusCode) { Content = bytes };
        return contentType is null ? response : response.WithHeader("Content-Type", contentType);
    }

    /// <summary>A body read from a stream that <paramref name="open"/> creates for each response (the response disposes it).</summary>
    public static MockResponse Stream(Func<Stream> open, string? contentType = "application/octet-stream", int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(open);
        var response = new MockResponse(statusCode) { OpenStream = open };
        return contentType is null ? response : response.WithHeader("Content-Type", contentType);
    }

    /// <summary>A body sent in chunks with a pause before each chunk after the first (no <c>Content-Length</c>).</summary>
    public static MockResponse Chunked(IEnumerable<string> chunks, TimeSpan pause = default, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return Chunked(chunks.Select(c => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(c)), pause, contentType);
    }

    /// <summary>A body sent in byte chunks with a pause before each chunk after the first.</summary>
    public static MockResponse Chunked(IEnumerable<ReadOnlyMemory<byte>> chunks, TimeSpan pause = default, string? contentType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(pause, TimeSpan.Zero);
        var response = new MockResponse(200) { Chunks = [.. chunks], ChunkPause = pause };
        return contentType is null ? response : response.WithHeader("Content-Type", contentType);
    }

    /// <summary>A <c>text/event-stream</c> of server-sent events, one chunk per event, with a pause between events.</summary>
    public static MockResponse Events(IEnumerable<ServerSentEvent> events, TimeSpan pause = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Chunked(events.Select(FormatEvent), pause, "text/event-stream")
            .WithHeader("Cache-Control", "no-cache");
    }

    /// <summary>No response: the request fails with the simulated transport fault.</summary>
    public static MockResponse Failure(MockFault fault) => new(200) { Fault = fault };

    /// <summary>No response: the request fails with the exception <paramref name="create"/> builds (thrown as is).</summary>
    public static MockResponse Throw(Func<Request?, Exception> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new(200) { CustomException = create };
    }

    /// <summary>A copy with another status.</summary>
    public MockResponse WithStatus(int statusCode, string? reasonPhrase = null) =>
        this with { StatusCode = new MockResponse(statusCode).StatusCode, ReasonPhrase = reasonPhrase };

    /// <summary>A copy with one more header (CR, LF and NUL are refused).</summary>
    public MockResponse WithHeader(string name, string value)
    {
        HeaderValidation.ValidateName(name);
        HeaderValidation.ValidateValue(name, value);
        return this with { Headers = [.. Headers, new(name, value)] };
    }

    /// <summary>A copy that waits <paramref name="delay"/> before answering (through the mock's <see cref="TimeProvider"/>).</summary>
    public MockResponse WithDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return this with { Delay = delay };
    }

    /// <summary>A copy whose body breaks after <paramref name="afterBytes"/> bytes with <paramref name="fault"/> (a reset by default).</summary>
    public MockResponse WithBodyBreakingAfter(long afterBytes, MockFault fault = MockFault.ConnectionReset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        return this with { BodyBreak = (afterBytes, fault) };
    }

    /// <summary><c>200 (application/json, 12 bytes)</c> or <c>fault ConnectError</c>.</summary>
    public override string ToString() =>
        Fault is { } fault ? $"fault {fault}" : CustomException is not null ? "a thrown exception" : $"{StatusCode}{(Content is { } c ? $" ({c.Length} bytes)" : string.Empty)}";

    private static ReadOnlyMemory<byte> FormatEvent(ServerSentEvent e)
    {
        var builder = new StringBuilder();
        if (e.Event is { Length: > 0 } name && name != "message")
        {
            builder.Append("event: ").Append(name).Append('\n');
        }

        if (e.Id is not null)
        {
            builder.Append("id: ").Append(e.Id).Append('\n');
        }

        if (e.Retry is { } retry)
        {
            builder.Append("retry: ").Append((long)retry.TotalMilliseconds).Append('\n');
        }

        foreach (var line in e.Data.Split('\n'))
        {
            builder.Append("data: ").Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.Append('\n').ToString());
    }
}
