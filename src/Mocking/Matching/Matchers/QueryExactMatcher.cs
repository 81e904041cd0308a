namespace Courier.Mocking.Matching;

/// <summary>The query holds exactly these parameters and values (order ignored, repeated names count).</summary>
public sealed class QueryExactMatcher : RequestMatcher
{
    private readonly KeyValuePair<string, string>[] _expected;

    /// <summary>Expects exactly <paramref name="parameters"/>.</summary>
    public QueryExactMatcher(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _expected = [.. parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public override string Attribute => "Query";

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        var actual = request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToArray();
        return actual.SequenceEqual(_expected) ? MatchResult.Matched : MatchResult.Miss(Distance(Format(_expected), Format(actual)));
    }

    /// <inheritdoc />
    public override string Describe() => $"Query [exactly] {Format(_expected)}";

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => Format(request.Query);

    private static string Format(IEnumerable<KeyValuePair<string, string>> pairs) => string.Join("&", pairs.Select(p => $"{p.Key}={p.Value}"));
}
