namespace Courier;

/// <summary>Measures a response's elapsed time from send until its body is read.</summary>
internal struct ElapsedTimer(TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();
    private long _stop;

    public readonly TimeSpan Elapsed => clock.GetElapsedTime(_start, _stop != 0 ? _stop : clock.GetTimestamp());

    public void Stop()
    {
        if (_stop == 0)
        {
            _stop = Math.Max(clock.GetTimestamp(), _start + 1);
        }
    }

    public static ElapsedTimer StartedAt(TimeProvider clock, long start) => new(clock, start);

    private ElapsedTimer(TimeProvider clock, long start)
        : this(clock) => _start = start;
}
