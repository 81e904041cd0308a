namespace Courier;

/// <summary>Measures a response's elapsed time from send until its body is read.</summary>
internal struct ElapsedTimer
{
    private readonly TimeProvider _clock;
    private readonly long _start;
    private long _stop;

    public ElapsedTimer(TimeProvider clock)
        : this(clock, clock.GetTimestamp())
    {
    }

    private ElapsedTimer(TimeProvider clock, long start)
    {
        _clock = clock;
        _start = start;
    }

    public readonly TimeSpan Elapsed => _clock.GetElapsedTime(_start, _stop != 0 ? _stop : _clock.GetTimestamp());

    public void Stop()
    {
        if (_stop == 0)
        {
            _stop = Math.Max(_clock.GetTimestamp(), _start + 1);
        }
    }

    public static ElapsedTimer StartedAt(TimeProvider clock, long start) => new(clock, start);
}
