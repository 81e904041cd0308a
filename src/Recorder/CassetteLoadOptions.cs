namespace Courier.Recorder;

/// <summary>Safety limits and strictness for reading a cassette. The defaults suit cassettes of any real test suite.</summary>
public sealed record CassetteLoadOptions
{
    /// <summary>The default options.</summary>
    public static CassetteLoadOptions Default { get; } = new();

    /// <summary>The largest file read, checked before reading (default 64 MiB).</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The longest single scalar (a body, a header value), in characters (default 16 Mi).</summary>
    public int MaxScalarLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest nesting of maps and lists (default 64; a cassette needs about 6).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most parser events (nodes) in one file (default 10 million).</summary>
    public int MaxEvents { get; init; } = 10_000_000;

    /// <summary>
    /// Strict mode: unknown fields and a recorded <c>Content-Length</c> that does not match the body are errors
    /// instead of being tolerated (unknown fields ignored, Content-Length recomputed on replay), and a cassette that
    /// still holds secret-looking values (<see cref="Cassette.FindSecrets"/>) throws <see cref="CassetteSecretsException"/>.
    /// </summary>
    public bool Strict { get; init; }
}
