namespace Courier.Recorder;

/// <summary>A recorded request: method, full URI as recorded, headers and the exact body bytes (null: no body).</summary>
public sealed record RecordedRequest
{
    /// <summary>The method, upper case (<c>GET</c>).</summary>
    public required string Method { get; init; }

    /// <summary>The absolute URI, exactly as recorded.</summary>
    public required string Uri { get; init; }

    /// <summary>The request headers.</summary>
    public RecordedHeaders Headers { get; init; } = RecordedHeaders.Empty;

    /// <summary>The exact body bytes, or null when the request had no body.</summary>
    public byte[]? Body { get; init; }
}

/// <summary>A recorded response: status, headers and the exact body bytes as they came off the wire.</summary>
public sealed record RecordedResponse
{
    /// <summary>The status code (100–999).</summary>
    public required int StatusCode { get; init; }

    /// <summary>The reason phrase, or null.</summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>The response headers.</summary>
    public RecordedHeaders Headers { get; init; } = RecordedHeaders.Empty;

    /// <summary>The exact body bytes (empty when there was none).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>The HTTP version (<c>HTTP/1.1</c>, <c>HTTP/2</c>), when known.</summary>
    public string? HttpVersion { get; init; }

    /// <summary>How long the response took when recorded (Courier's <c>elapsed_ms</c>), when recorded with <see cref="RecorderOptions.RecordElapsed"/>.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>When the interaction was recorded, as written in the cassette (ISO 8601 from Courier), when known.</summary>
    public string? RecordedAt { get; init; }
}

/// <summary>One request and the response it got.</summary>
/// <param name="Request">The recorded request.</param>
/// <param name="Response">The recorded response.</param>
public sealed record Interaction(RecordedRequest Request, RecordedResponse Response);
