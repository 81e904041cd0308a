namespace Courier.Mocking.Matching;

/// <summary>
/// The outcome of one matcher on one request: whether it matched and how far off it was (0 = matched, 1 = nothing
/// alike). <see cref="Expected"/> and <see cref="Actual"/> are rendered on demand, so a passing check allocates nothing.
/// </summary>
public readonly struct MatchResult : IEquatable<MatchResult>
{
    private MatchResult(bool isMatch, double distance, RequestMatcher? matcher, RequestSnapshot? request)
    {
        IsMatch = isMatch;
        Distance = isMatch ? 0 : Math.Clamp(distance, 0.01, 1);
        Matcher = matcher;
        Request = request;
    }

    /// <summary>A match.</summary>
    public static MatchResult Matched { get; } = new(true, 0, null, null);

    /// <summary>A failure that was completely off.</summary>
    public static MatchResult Failed { get; } = new(false, 1, null, null);

    /// <summary>Whether the matcher matched.</summary>
    public bool IsMatch { get; }

    /// <summary>0 for a match; otherwise how far off, between 0.01 and 1 (used to rank near misses).</summary>
    public double Distance { get; }

    /// <summary>The matcher, when known (set by <see cref="RequestPattern.Explain"/>).</summary>
    public RequestMatcher? Matcher { get; }

    /// <summary>The request, when known.</summary>
    public RequestSnapshot? Request { get; }

    /// <summary>The expected side, rendered.</summary>
    public string Expected => Matcher?.Describe() ?? string.Empty;

    /// <summary>The request's side, rendered.</summary>
    public string Actual => Matcher is not null && Request is not null ? Matcher.DescribeActual(Request) : string.Empty;

    /// <summary>A failure <paramref name="distance"/> away (0.01 to 1).</summary>
    public static MatchResult Miss(double distance) => new(false, distance, null, null);

    /// <summary>A match or a complete miss.</summary>
    public static MatchResult From(bool isMatch) => isMatch ? Matched : Failed;

    /// <summary>The same result, attached to its matcher and request so it can be rendered.</summary>
    public MatchResult For(RequestMatcher matcher, RequestSnapshot request) => new(IsMatch, Distance, matcher, request);

    /// <summary><c>MATCHED Header X: 1 | actual: X: 1</c> or <c>FAILED …</c>.</summary>
    public override string ToString() =>
        Matcher is null ? (IsMatch ? "MATCHED" : $"FAILED (distance {Distance:0.00})") : $"{(IsMatch ? "MATCHED" : "FAILED ")} {Expected} | actual: {Actual}";

    /// <inheritdoc />
    public bool Equals(MatchResult other) => IsMatch == other.IsMatch && Distance.Equals(other.Distance) && ReferenceEquals(Matcher, other.Matcher);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MatchResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsMatch, Distance, Matcher);

    /// <summary>Equality.</summary>
    public static bool operator ==(MatchResult left, MatchResult right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MatchResult left, MatchResult right) => !left.Equals(right);
}
