namespace Courier.Mocking.Matching;

/// <summary>A custom condition written as a function, sync or async.</summary>
public sealed class PredicateMatcher : RequestMatcher
{
    private readonly Func<RequestSnapshot, bool>? _sync;
    private readonly Func<RequestSnapshot, CancellationToken, ValueTask<bool>>? _async;
    private readonly string _description;

    /// <summary>A synchronous condition, described in reports by <paramref name="description"/>.</summary>
    public PredicateMatcher(Func<RequestSnapshot, bool> predicate, string? description = null)
    {
        _sync = predicate ?? throw new ArgumentNullException(nameof(predicate));
        _description = description ?? "[custom predicate]";
    }

    /// <summary>An asynchronous condition, described in reports by <paramref name="description"/>.</summary>
    public PredicateMatcher(Func<RequestSnapshot, CancellationToken, ValueTask<bool>> predicate, string? description = null)
    {
        _async = predicate ?? throw new ArgumentNullException(nameof(predicate));
        _description = description ?? "[custom async predicate]";
    }

    /// <inheritdoc />
    public override string Attribute => "Custom predicate";

    /// <inheritdoc />
    public override int Cost => _async is null ? 8 : 10;

    /// <inheritdoc />
    public override bool IsAsync => _async is not null;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request) => _sync is not null
        ? MatchResult.From(_sync(request))
        : throw new InvalidOperationException("This predicate is asynchronous; call MatchAsync.");

    /// <inheritdoc />
    public override async ValueTask<MatchResult> MatchAsync(RequestSnapshot request, CancellationToken cancellationToken) =>
        _async is null ? Match(request) : MatchResult.From(await _async(request, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override string Describe() => _description;

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => request.ToString();
}
