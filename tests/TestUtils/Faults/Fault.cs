namespace Courier.TestUtils.Faults;

/// <summary>
/// What a <see cref="FaultProxy"/> does to one proxied connection. The byte counts are of the server-to-client
/// direction (the response) unless the name says request. <see cref="None"/> relays faithfully.
/// </summary>
public sealed record Fault
{
    /// <summary>Relays every byte unchanged.</summary>
    public static Fault None { get; } = new();

    /// <summary>Delay added before each relayed piece, both directions.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Bytes per second allowed toward the client (0: unlimited).</summary>
    public int BytesPerSecond { get; init; }

    /// <summary>Largest piece written toward the client at once (1: byte at a time; 0: as read).</summary>
    public int PieceSize { get; init; }

    /// <summary>How many response bytes pass unshaped before <see cref="PieceSize"/> and <see cref="PieceDelay"/> apply (e.g. a fast head, then a trickling body).</summary>
    public long ShapeAfter { get; init; }

    /// <summary>Pause between two pieces toward the client.</summary>
    public TimeSpan PieceDelay { get; init; }

    /// <summary>After this many response bytes, both sides get a TCP reset (RST).</summary>
    public long? ResetAfter { get; init; }

    /// <summary>After this many response bytes, nothing more is relayed; the sockets stay open (a stall).</summary>
    public long? StallAfter { get; init; }

    /// <summary>After this many response bytes, the client gets a clean close (FIN) and the server connection is closed.</summary>
    public long? TruncateAfter { get; init; }

    /// <summary>
    /// After this many response bytes, only the direction toward the client is shut down (FIN); the proxy keeps reading
    /// what the client sends and keeps both sockets open (a half-closed connection).
    /// </summary>
    public long? HalfCloseAfter { get; init; }

    /// <summary>After this many request bytes, nothing more of the request is relayed (the server never reads the upload).</summary>
    public long? StallRequestAfter { get; init; }

    /// <summary>
    /// Relays the first request head faithfully; when the client sends anything more on the same connection (a second
    /// request on a reused connection), relays it to the server, waits <see cref="ResetDelay"/>, and resets the client.
    /// </summary>
    public bool ResetOnSecondRequest { get; init; }

    /// <summary>How long <see cref="ResetOnSecondRequest"/> waits so the server surely received the request.</summary>
    public TimeSpan ResetDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Whether the connection relays without any change.</summary>
    public bool IsNone => this == None || Equals(None);
}
