namespace Courier.Mocking;

/// <summary>
/// No route of a <see cref="MockTransport"/> matched a request (and pass-through is off). The message shows the
/// request and, for the closest routes, each condition as matched or failed with expected against actual.
/// </summary>
public sealed class UnmatchedRequestException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public UnmatchedRequestException(string message, Request? request = null, string? report = null)
        : base(message, request)
    {
        Report = report ?? string.Empty;
    }

    /// <summary>The near-miss table alone (also part of the message).</summary>
    public string Report { get; }
}

/// <summary>A verification of a <see cref="MockTransport"/> failed; the message lists every failure at once.</summary>
public sealed class MockAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MockAssertionException(string message)
        : base(message)
    {
    }
}
