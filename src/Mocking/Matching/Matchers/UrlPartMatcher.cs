namespace Courier.Mocking.Matching;

/// <summary>The scheme, host or port of the URL equals a value (scheme and host ignore case).</summary>
public sealed class UrlPartMatcher : RequestMatcher
{
    private readonly UrlPart _part;
    private readonly string _expected;
    private readonly int _port = -1;

    /// <summary>Matches <paramref name="part"/> against <paramref name="expected"/>.</summary>
    public UrlPartMatcher(UrlPart part, string expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(expected);
        _part = part;
        _expected = part == UrlPart.Host ? expected.Trim('[', ']') : expected;
        if (part == UrlPart.Port && !int.TryParse(expected, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _port))
        {
            throw new ArgumentException($"The port '{expected}' is not a number.", nameof(expected));
        }
    }

    /// <inheritdoc />
    public override string Attribute => _part.ToString();

    /// <inheritdoc />
    public override int Cost => 1;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        if (_part == UrlPart.Port)
        {
            return request.Port == _port ? MatchResult.Matched : MatchResult.Miss(0.5);
        }

        var actual = Actual(request);
        return string.Equals(actual, _expected, StringComparison.OrdinalIgnoreCase)
            ? MatchResult.Matched
            : MatchResult.Miss(Distance(_expected, actual));
    }

    /// <inheritdoc />
    public override string Describe() => $"[{_part.ToString().ToLowerInvariant()}] {_expected}";

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => Actual(request);

    private string Actual(RequestSnapshot request) => _part switch
    {
        UrlPart.Scheme => request.Scheme,
        UrlPart.Host => request.Host,
        _ => request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A part of the URL other than the path and the query.</summary>
public enum UrlPart
{
    /// <summary><c>http</c> or <c>https</c>.</summary>
    Scheme,

    /// <summary>The host name or address.</summary>
    Host,

    /// <summary>The port (the scheme's default when the URL gives none).</summary>
    Port,
}
