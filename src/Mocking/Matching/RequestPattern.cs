namespace Courier.Mocking.Matching;

/// <summary>
/// A compiled set of matchers, all of which must pass. Matchers run cheapest first and the first failure stops the
/// check; <see cref="Explain"/> evaluates every matcher for a near-miss report. Immutable and thread-safe: build a
/// new pattern to change it.
/// </summary>
public sealed class RequestPattern
{
    private readonly RequestMatcher[] _ordered;
    private readonly bool _hasAsync;

    /// <summary>Compiles <paramref name="matchers"/>; the report keeps the order given.</summary>
    public RequestPattern(IEnumerable<RequestMatcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        Matchers = [.. matchers];
        _ordered = [.. Matchers.OrderBy(m => m.Cost)];
        _hasAsync = _ordered.Any(m => m.IsAsync);
        Path = Matchers.OfType<PathMatcher>().FirstOrDefault();
        Methods = Matchers.OfType<MethodMatcher>().FirstOrDefault()?.Methods;
    }

    /// <summary>A pattern that matches every request.</summary>
    public static RequestPattern Any { get; } = new([]);

    /// <summary>The matchers, in the order given.</summary>
    public IReadOnlyList<RequestMatcher> Matchers { get; }

    /// <summary>The first path matcher, which a <see cref="RouteIndex{T}"/> uses as the key; null when there is none.</summary>
    public PathMatcher? Path { get; }

    /// <summary>The methods of the first method matcher, or null for any method.</summary>
    public IReadOnlyList<string>? Methods { get; }

    /// <summary>Whether some matcher needs <see cref="IsMatchAsync"/>.</summary>
    public bool IsAsync => _hasAsync;

    /// <summary>Whether every (synchronous) matcher passes; throws when an async matcher is present.</summary>
    public bool IsMatch(RequestSnapshot request)
    {
        if (_hasAsync)
        {
            throw new InvalidOperationException("This pattern has an asynchronous matcher; call IsMatchAsync.");
        }

        foreach (var matcher in _ordered)
        {
            if (!matcher.Match(request).IsMatch)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every matcher passes.</summary>
    public ValueTask<bool> IsMatchAsync(RequestSnapshot request, CancellationToken cancellationToken = default) =>
        _hasAsync ? IsMatchSlowAsync(request, cancellationToken) : new(IsMatch(request));

    /// <summary>Evaluates every matcher (async ones too) and returns each result attached to its matcher, in the order given.</summary>
    public async ValueTask<PatternResult> ExplainAsync(RequestSnapshot request, CancellationToken cancellationToken = default)
    {
        var results = new MatchResult[Matchers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var matcher = Matchers[i];
            MatchResult result;
            try
            {
                result = matcher.IsAsync ? await matcher.MatchAsync(request, cancellationToken).ConfigureAwait(false) : matcher.Match(request);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = MatchResult.Failed;
            }

            results[i] = result.For(matcher, request);
        }

        return new PatternResult(results);
    }

    /// <summary>Evaluates every synchronous matcher (an async one counts as failed) for a report.</summary>
    public PatternResult Explain(RequestSnapshot request)
    {
        var results = new MatchResult[Matchers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var matcher = Matchers[i];
            results[i] = (matcher.IsAsync ? MatchResult.Failed : matcher.Match(request)).For(matcher, request);
        }

        return new PatternResult(results);
    }

    /// <summary>The matchers, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Matchers.Select(m => m.Describe()));

    private async ValueTask<bool> IsMatchSlowAsync(RequestSnapshot request, CancellationToken cancellationToken)
    {
        foreach (var matcher in _ordered)
        {
            var result = matcher.IsAsync ? await matcher.MatchAsync(request, cancellationToken).ConfigureAwait(false) : matcher.Match(request);
            if (!result.IsMatch)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Every matcher's result for one request, in the order the matchers were given.</summary>
/// <param name="Results">The results.</param>
public sealed record PatternResult(IReadOnlyList<MatchResult> Results)
{
    /// <summary>Whether all matched.</summary>
    public bool IsMatch => Results.All(r => r.IsMatch);

    /// <summary>The weighted mean distance of the results (0 = a match; a path counts twice); used to rank near misses.</summary>
    public double Distance => Results.Count == 0 ? 0 : Results.Sum(r => r.Distance * Weight(r)) / Results.Sum(Weight);

    private static double Weight(MatchResult result) => result.Matcher?.Weight ?? 1;

    /// <summary>One line per matcher: <c>MATCHED …</c> or <c>FAILED …</c>.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Results.Select(r => r.ToString()));
}
