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

    /// <summary>How many closest routes the unmatched report shows (3 by default).</summary>
    public int NearMissCount { get; init; } = 3;
}
