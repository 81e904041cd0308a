namespace Courier.Recorder.Format;

/// <summary>
/// The persisted shape of a cassette, shared by every dialect: raw strings as they stand in the file, with the line
/// each came from. Dialect converters produce and consume it; <see cref="CassetteMapper"/> validates it into the
/// runtime model (<see cref="Cassette"/>) and back.
/// </summary>
internal sealed record CassetteDto(CassetteDialect Dialect, IReadOnlyList<InteractionDto> Interactions);

internal sealed record InteractionDto(RequestDto Request, ResponseDto Response, string? RecordedAt, int Line);

internal sealed record RequestDto(string Method, string Uri, IReadOnlyList<HeaderDto> Headers, BodyDto Body, int Line);

internal sealed record ResponseDto(int StatusLine, string StatusCode, string? Message, IReadOnlyList<HeaderDto> Headers, BodyDto Body, int Line)
{
    /// <summary>The HTTP version written beside the status (vcrpy's pre-6.0 httpx layout, Ruby VCR, Courier).</summary>
    public string? HttpVersion { get; init; }

    /// <summary>Courier's <c>elapsed_ms</c>: how long the response took when it was recorded.</summary>
    public string? ElapsedMs { get; init; }

    /// <summary>The body was stored decoded although the headers still name a Content-Encoding (vcrpy's pre-6.0 httpx layout).</summary>
    public bool BodyDecoded { get; init; }
}

internal sealed record HeaderDto(string Name, IReadOnlyList<string> Values, int Line);

/// <summary>A body: text (with the charset it is to be encoded in), base64, or none (both null).</summary>
internal sealed record BodyDto(string? Text, string? Base64, string? Charset, int Line)
{
    public static BodyDto None(int line) => new(null, null, null, line);

    public bool IsNone => Text is null && Base64 is null;
}
