namespace Courier.Recorder.Matching;

/// <summary>
/// One rule deciding whether a live request matches a recorded one. This is the recorder's own small seam: the
/// default matchers live here today and can be swapped for the shared engine of <c>Courier.Mocking</c> (issue 6)
/// without touching the recorder.
/// </summary>
internal interface IInteractionMatcher
{
    /// <summary>The short name shown in mismatch reports (<c>method</c>, <c>query</c>, <c>header X-Api</c>).</summary>
    string Name { get; }

    /// <summary>Compares <paramref name="live"/> with <paramref name="recorded"/>; both have been through the recording filters.</summary>
    MatcherResult Match(ParsedRequest live, ParsedRequest recorded);
}

/// <summary>The outcome of one matcher: matched or not, and a short diff when not (never a secret value).</summary>
internal readonly record struct MatcherResult(bool Matched, string? Diff)
{
    public static MatcherResult Yes { get; } = new(true, null);

    public static MatcherResult No(string diff) => new(false, diff);
}

/// <summary>A recorded request with its URI parsed once (matching runs many times against the same cassette).</summary>
internal sealed class ParsedRequest
{
    public ParsedRequest(RecordedRequest request)
    {
        Request = request;
        Uri = new Uri(request.Uri);
        Query = [.. Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    public RecordedRequest Request { get; }

    public Uri Uri { get; }

    /// <summary>The raw query pairs (<c>a=1</c>), sorted: order-insensitive, duplicates kept.</summary>
    public IReadOnlyList<string> Query { get; }
}
