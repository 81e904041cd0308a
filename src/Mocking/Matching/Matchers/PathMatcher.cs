using System.Text;
using System.Text.RegularExpressions;

namespace Courier.Mocking.Matching;

/// <summary>
/// A condition on the path (exact, prefix, regex, or a template like <c>/users/{id}</c>), or on the path and query
/// together (<see cref="PathMatchKind.Url"/>). Exact paths and literal prefixes let a <see cref="RouteIndex{T}"/>
/// skip the routes that cannot match.
/// </summary>
public sealed class PathMatcher : RequestMatcher
{
    private readonly Regex? _regex;
    private readonly string[]? _captureNames;

    private PathMatcher(PathMatchKind kind, string pattern, Regex? regex, string literalPrefix, string[]? captureNames)
    {
        Kind = kind;
        Pattern = pattern;
        _regex = regex;
        LiteralPrefix = literalPrefix;
        _captureNames = captureNames;
    }

    /// <summary>The kind of test.</summary>
    public PathMatchKind Kind { get; }

    /// <summary>The expected path, prefix, regex or template.</summary>
    public string Pattern { get; }

    /// <summary>The literal text every matching path starts with (the whole path for an exact one).</summary>
    public string LiteralPrefix { get; }

    /// <summary>The names captured by a template, in order (empty for other kinds).</summary>
    public IReadOnlyList<string> CaptureNames => _captureNames ?? [];

    /// <inheritdoc />
    public override string Attribute => "URL";

    /// <inheritdoc />
    public override double Weight => 2;

    /// <inheritdoc />
    public override int Cost => Kind is PathMatchKind.Regex or PathMatchKind.UrlRegex or PathMatchKind.Template ? 2 : 1;

    /// <summary>The path equals <paramref name="path"/> (as sent, percent-encoded).</summary>
    public static PathMatcher Exact(string path) => new(PathMatchKind.Exact, CheckPath(path), null, path, null);

    /// <summary>The path and query together equal <paramref name="pathAndQuery"/> (WireMock's <c>url</c>).</summary>
    public static PathMatcher Url(string pathAndQuery) => new(PathMatchKind.Url, CheckPath(pathAndQuery), null, pathAndQuery.Split('?')[0], null);

    /// <summary>The path starts with <paramref name="prefix"/>.</summary>
    public static PathMatcher Prefix(string prefix) => new(PathMatchKind.Prefix, CheckPath(prefix), null, prefix, null);

    /// <summary>The whole path matches the regex (it is anchored at both ends, as in WireMock).</summary>
    public static PathMatcher Matching(string pattern, TimeSpan? timeout = null) =>
        new(PathMatchKind.Regex, pattern, Anchored(pattern, timeout), string.Empty, null);

    /// <summary>The whole path-and-query matches the regex (WireMock's <c>urlPattern</c>).</summary>
    public static PathMatcher UrlMatching(string pattern, TimeSpan? timeout = null) =>
        new(PathMatchKind.UrlRegex, pattern, Anchored(pattern, timeout), string.Empty, null);

    /// <summary>
    /// The path fits the template: <c>{name}</c> captures one segment (percent-decoded), a final <c>{*name}</c>
    /// captures the rest. Literal text must match exactly.
    /// </summary>
    public static PathMatcher Template(string template, TimeSpan? timeout = null)
    {
        CheckPath(template);
        var regex = new StringBuilder("^");
        var names = new List<string>();
        var literalEnd = -1;
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                regex.Append(Regex.Escape(template[i..]));
                break;
            }

            literalEnd = literalEnd < 0 ? open : literalEnd;
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new ArgumentException($"The path template '{template}' has a '{{' without a matching '}}'.", nameof(template));
            }

            regex.Append(Regex.Escape(template[i..open]));
            var name = template[(open + 1)..close];
            var catchAll = name.StartsWith('*');
            name = name.TrimStart('*');
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || names.Contains(name))
            {
                throw new ArgumentException($"The path template '{template}' has an invalid or repeated name '{{{name}}}': use letters, digits and '_'.", nameof(template));
            }

            names.Add(name);
            regex.Append(catchAll ? $"(?<{name}>.*)" : $"(?<{name}>[^/]+)");
            i = close + 1;
        }

        regex.Append('$');
        var prefix = literalEnd < 0 ? template : template[..literalEnd];
        return new(PathMatchKind.Template, template, RegexFactory.Create(regex.ToString(), timeout ?? RegexFactory.DefaultTimeout), prefix, [.. names]);
    }

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        var isMatch = Kind switch
        {
            PathMatchKind.Exact => string.Equals(request.Path, Pattern, StringComparison.Ordinal),
            PathMatchKind.Url => string.Equals(request.PathAndQuery, Pattern, StringComparison.Ordinal),
            PathMatchKind.Prefix => request.Path.StartsWith(Pattern, StringComparison.Ordinal),
            PathMatchKind.UrlRegex => RegexFactory.IsMatch(_regex!, request.PathAndQuery, out _),
            _ => RegexFactory.IsMatch(_regex!, request.Path, out _),
        };
        return isMatch ? MatchResult.Matched : MatchResult.Miss(Distance(Pattern, request.Path));
    }

    /// <summary>Reads the template's captured values from a matching path, percent-decoded; empty when it does not match.</summary>
    public IReadOnlyDictionary<string, string> Capture(RequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (_regex is null || _captureNames is null)
        {
            return values;
        }

        try
        {
            var match = _regex.Match(request.Path);
            if (match.Success)
            {
                foreach (var name in _captureNames)
                {
                    values[name] = Uri.UnescapeDataString(match.Groups[name].Value);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            values.Clear();
        }

        return values;
    }

    /// <inheritdoc />
    public override string Describe() => Kind switch
    {
        PathMatchKind.Url => Pattern,
        PathMatchKind.Exact => $"[path] {Pattern}",
        PathMatchKind.Prefix => $"[path prefix] {Pattern}",
        PathMatchKind.Template => $"[path template] {Pattern}",
        PathMatchKind.UrlRegex => $"[regex] {Pattern}",
        _ => $"[path regex] {Pattern}",
    };

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => request.PathAndQuery;

    /// <inheritdoc />
    public override string FailureMessage(RequestSnapshot request) =>
        Kind is PathMatchKind.Regex or PathMatchKind.UrlRegex && (HasBareQuestionMark(Pattern) || !Pattern.StartsWith('/'))
            ? "URL does not match. When using a regex, \"?\" should be \"\\?\". URLs must start with a /"
            : "URL does not match";

    private static Regex Anchored(string pattern, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return RegexFactory.Create($"^(?:{pattern})$", timeout ?? RegexFactory.DefaultTimeout);
    }

    private static bool HasBareQuestionMark(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '?' && (i == 0 || pattern[i - 1] != '\\'))
            {
                return true;
            }
        }

        return false;
    }

    private static string CheckPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith('/') ? path : throw new ArgumentException($"The path '{path}' must start with '/'.", nameof(path));
    }
}

/// <summary>The kinds of <see cref="PathMatcher"/>.</summary>
public enum PathMatchKind
{
    /// <summary>The path equals the pattern.</summary>
    Exact,

    /// <summary>The path and query together equal the pattern.</summary>
    Url,

    /// <summary>The path starts with the pattern.</summary>
    Prefix,

    /// <summary>The whole path matches a regex.</summary>
    Regex,

    /// <summary>The whole path and query match a regex.</summary>
    UrlRegex,

    /// <summary>The path fits a template such as <c>/users/{id}</c>.</summary>
    Template,
}
