namespace Courier;

/// <summary>Measures a response's elapsed time from send until its body is read.</summary>
internal struct ElapsedTimer(TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();
    private TimeSpan? _stopped;

    public readonly TimeSpan Elapsed => _stopped ?? clock.GetElapsedTime(_start);

    public void Stop() => _stopped ??= clock.GetElapsedTime(_start);

    public static ElapsedTimer StartedAt(TimeProvider clock, long start) => new(clock, start);

    private ElapsedTimer(TimeProvider clock, long start)
        : this(clock) => _start = start;
}
