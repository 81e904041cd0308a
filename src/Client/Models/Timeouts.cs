namespace Courier;

/// <summary>
/// The four timeouts of httpx: connect (TCP and TLS handshake), read (the response head and each body chunk),
/// write (each chunk of the request body) and pool (waiting for a free connection). Default 5 s each;
/// <see cref="Timeout.InfiniteTimeSpan"/> disables one.
/// </summary>
public sealed record Timeouts
{
    /// <summary>5 seconds for each of the four.</summary>
    public static Timeouts Default { get; } = new(TimeSpan.FromSeconds(5));

    /// <summary>No timeout at all.</summary>
    public static Timeouts Infinite { get; } = new(Timeout.InfiniteTimeSpan);

    /// <summary>Sets all four to <paramref name="all"/>.</summary>
    public Timeouts(TimeSpan all)
    {
        Connect = Read = Write = Pool = Check(all);
    }

    /// <summary>Sets each timeout; a null one falls back to 5 s.</summary>
    public Timeouts(TimeSpan? connect = null, TimeSpan? read = null, TimeSpan? write = null, TimeSpan? pool = null)
    {
        var five = TimeSpan.FromSeconds(5);
        Connect = Check(connect ?? five);
        Read = Check(read ?? five);
        Write = Check(write ?? five);
        Pool = Check(pool ?? five);
    }

    /// <summary>TCP connect plus TLS handshake.</summary>
    public TimeSpan Connect { get; init; }

    /// <summary>Waiting for the response head, and between response body chunks.</summary>
    public TimeSpan Read
    {
        get;
        init
        {
            field = value;
            ReadTicks = RequestTimer.Ticks(value);
        }
    }

    /// <summary>Writing each chunk of the request body.</summary>
    public TimeSpan Write
    {
        get;
        init
        {
            field = value;
            WriteTicks = RequestTimer.Ticks(value);
        }
    }

    /// <summary><see cref="Read"/> in <see cref="System.Diagnostics.Stopwatch"/> ticks, computed once (every request's timer needs it).</summary>
    internal long ReadTicks { get; private init; }

    /// <summary><see cref="Write"/> in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    internal long WriteTicks { get; private init; }

    /// <summary>Waiting for a free connection when every connection of the origin is busy.</summary>
    public TimeSpan Pool { get; init; }

    private static TimeSpan Check(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A timeout must be positive or Timeout.InfiniteTimeSpan.");
}

/// <summary>Connection pool limits, as httpx's <c>Limits</c>.</summary>
public sealed record Limits
{
    /// <summary>100 connections, 20 kept alive, idle for at most 5 s.</summary>
    public static Limits Default { get; } = new();

    /// <summary>The most connections open at once to one origin (default 100).</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>The most idle connections kept for reuse (default 20).</summary>
    public int MaxKeepAliveConnections { get; init; } = 20;

    /// <summary>How long an idle connection is kept (default 5 s).</summary>
    public TimeSpan KeepAliveExpiry { get; init; } = TimeSpan.FromSeconds(5);
}
