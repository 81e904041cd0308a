namespace Courier.Mocking.Matching;

/// <summary>
/// One condition on a request. <see cref="Match"/> is the fast check used on every request; <see cref="Describe"/>
/// renders the expected side, and <see cref="DescribeActual"/> the request's side, for near-miss reports.
/// Matchers are immutable and thread-safe. Subclass it for a custom condition, or use a predicate.
/// </summary>
public abstract class RequestMatcher
{
    /// <summary>What the matcher looks at: <c>HTTP method</c>, <c>URL</c>, <c>Header</c>, <c>Query</c>, <c>Cookie</c>, <c>Body</c>, …</summary>
    public abstract string Attribute { get; }

    /// <summary>The relative cost of evaluating it; cheaper matchers run first (method 0, URL 1, headers 2, body 5, async 10).</summary>
    public virtual int Cost => 2;

    /// <summary>How much a miss counts when near misses are ranked (the path counts twice, everything else once).</summary>
    public virtual double Weight => 1;

    /// <summary>Whether the matcher must be evaluated with <see cref="MatchAsync"/>.</summary>
    public virtual bool IsAsync => false;

    /// <summary>Checks the request.</summary>
    public abstract MatchResult Match(RequestSnapshot request);

    /// <summary>Checks the request, asynchronously; the default calls <see cref="Match"/>.</summary>
    public virtual ValueTask<MatchResult> MatchAsync(RequestSnapshot request, CancellationToken cancellationToken) => new(Match(request));

    /// <summary>The expected side, as printed in reports (WireMock's notation, e.g. <c>Accept [matches] : text/.*</c>).</summary>
    public abstract string Describe();

    /// <summary>The request's side for this matcher, as printed in reports (e.g. <c>Accept: text/html</c>).</summary>
    public abstract string DescribeActual(RequestSnapshot request);

    /// <summary>The message shown next to a failed line (e.g. <c>Header does not match</c>).</summary>
    public virtual string FailureMessage(RequestSnapshot request) => $"{Attribute} does not match";

    /// <summary>Whether the line is printed in a report even when it matched (WireMock hides matching body lines).</summary>
    public virtual bool ShowWhenMatched => true;

    /// <summary>The expected side.</summary>
    public override string ToString() => Describe();

    /// <summary>A normalised edit distance between two strings, 0 (equal) to 1 (nothing in common), bounded in cost.</summary>
    protected static double Distance(string expected, string actual) => EditDistance.Normalized(expected, actual);
}
