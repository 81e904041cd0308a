namespace Courier.Mocking.Matching;

/// <summary>The request method equals one of the given methods (upper case).</summary>
public sealed class MethodMatcher : RequestMatcher
{
    private readonly string[] _methods;

    /// <summary>Matches any of <paramref name="methods"/>.</summary>
    public MethodMatcher(params string[] methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Length == 0)
        {
            throw new ArgumentException("Give at least one method.", nameof(methods));
        }

        _methods = [.. methods.Select(m => m.ToUpperInvariant())];
    }

    /// <summary>The methods.</summary>
    public IReadOnlyList<string> Methods => _methods;

    /// <inheritdoc />
    public override string Attribute => "HTTP method";

    /// <inheritdoc />
    public override int Cost => 0;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        foreach (var method in _methods)
        {
            if (ReferenceEquals(method, request.Method) || string.Equals(method, request.Method, StringComparison.Ordinal))
            {
                return MatchResult.Matched;
            }
        }

        return MatchResult.Failed;
    }

    /// <inheritdoc />
    public override string Describe() => string.Join(" | ", _methods);

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => request.Method;
}
