namespace Courier.Mocking;

/// <summary>Settings of a <see cref="MockTransport"/>.</summary>
public sealed record MockTransportOptions
{
    /// <summary>
    /// Where unmatched requests go instead of failing (respx's pass-through), e.g. <c>new HttpTransport()</c>; null
    /// (the default) makes an unmatched request throw <see cref="UnmatchedRequestException"/>. Not disposed by the mock.
    /// </summary>
    public HttpMessageHandler? PassThrough { get; init; }

    /// <summary>The match timeout of every regex the routes build (one second by default); a timeout counts as no match.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for delays and chunk pauses (a fake one makes them instant in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many calls each route keeps in <see cref="MockRoute.Calls"/> (and how many unmatched requests the mock keeps),
    /// the oldest dropped first; 1,000 by default, so a load loop through a mock has bounded memory. Counts stay exact.
    /// </summary>
    public int MaxRecordedCalls { get; init; } = 1_000;

    /// <summary>How many closest routes the unmatched report shows (3 by default).</summary>
    public int NearMissCount { get; init; } = 3;
}
