using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>One request the server received: when, what, which stub answered it (null when none matched) and the status sent.</summary>
/// <param name="Id">A unique id (WireMock's request id).</param>
/// <param name="LoggedAt">When it was received.</param>
/// <param name="Request">
/// The request (body buffered; see <see cref="BodyTruncated"/>). For a request Kestrel refused before it was parsed
/// (<see cref="WasRejected"/> with status 400, 414 or 431) the method is <c>-</c> and the URL is the server's root.
/// </param>
/// <param name="Stub">The stub that answered, or null when the request was not matched (or was rejected).</param>
/// <param name="StatusCode">The status sent (404 for an unmatched request; 0 for a fault).</param>
public sealed record ServedRequest(Guid Id, DateTimeOffset LoggedAt, RequestSnapshot Request, MockRoute? Stub, int StatusCode)
{
    /// <summary>Whether a stub matched.</summary>
    public bool WasMatched => Stub is not null;

    /// <summary>
    /// Why the server refused the request before matching it (a body over <see cref="MockServerOptions.MaxRequestBodySize"/>,
    /// a request line or header block over Kestrel's limits, malformed framing), or null when it was not refused.
    /// </summary>
    public string? RejectionReason { get; init; }

    /// <summary>
    /// Whether the server refused the request before matching (see <see cref="RejectionReason"/>). A rejected request is
    /// neither matched nor unmatched: it is left out of <see cref="MockServer.UnmatchedRequests"/>, verification and counts.
    /// </summary>
    public bool WasRejected => RejectionReason is not null;

    /// <summary>The body's real length in bytes; <see cref="RequestSnapshot.Body"/> holds fewer when <see cref="BodyTruncated"/>.</summary>
    public long BodyLength { get; init; }

    /// <summary>
    /// Whether the journal keeps only the first bytes of the body (or none): bodies over
    /// <see cref="MockServerOptions.MaxJournalEntryBodyBytes"/> are cut there, and the oldest entries lose their bodies
    /// when the journal's bodies would pass <see cref="MockServerOptions.MaxJournalBodyBytes"/>.
    /// </summary>
    public bool BodyTruncated => BodyLength > Request.Body.Length;

    /// <summary>Neither matched nor rejected.</summary>
    internal bool IsUnmatched => Stub is null && RejectionReason is null;
}
