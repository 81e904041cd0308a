using Courier.Mocking.Matching;

namespace Courier.Mocking.WireMock;

/// <summary>WireMock's <c>and</c>, <c>or</c> and negated patterns (<c>doesNotMatch</c>, <c>doesNotContain</c>) over the shared matchers.</summary>
internal sealed class CompositeMatcher : RequestMatcher
{
    private readonly CompositeKind _kind;
    private readonly RequestMatcher[] _children;
    private readonly string _description;

    public CompositeMatcher(CompositeKind kind, IReadOnlyList<RequestMatcher> children, string description)
    {
        _kind = kind;
        _children = [.. children];
        _description = description;
    }

    public override string Attribute => _children[0].Attribute;

    public override int Cost => _children.Max(c => c.Cost);

    public override double Weight => _children[0].Weight;

    public override bool ShowWhenMatched => _children[0].ShowWhenMatched;

    public override MatchResult Match(RequestSnapshot request)
    {
        switch (_kind)
        {
            case CompositeKind.All:
                var worst = MatchResult.Matched;
                foreach (var child in _children)
                {
                    var result = child.Match(request);
                    if (!result.IsMatch && result.Distance > worst.Distance)
                    {
                        worst = result;
                    }
                }

                return worst;
            case CompositeKind.Any:
                var best = MatchResult.Failed;
                foreach (var child in _children)
                {
                    var result = child.Match(request);
                    if (result.IsMatch)
                    {
                        return result;
                    }

                    best = result.Distance < best.Distance ? result : best;
                }

                return best;
            default:
                // Not: the value must be present (as in WireMock) and the inner test must fail.
                return MatchResult.From(_children[0].Match(request).IsMatch && !_children[1].Match(request).IsMatch);
        }
    }

    public override string Describe() => _description;

    public override string DescribeActual(RequestSnapshot request) => _children[^1].DescribeActual(request);

    public override string FailureMessage(RequestSnapshot request) => _children[^1].FailureMessage(request);
}

/// <summary>How a <see cref="CompositeMatcher"/> combines its children.</summary>
internal enum CompositeKind
{
    /// <summary>Every child matches.</summary>
    All,

    /// <summary>At least one child matches.</summary>
    Any,

    /// <summary>The first child (presence) matches and the second does not.</summary>
    Not,
}
