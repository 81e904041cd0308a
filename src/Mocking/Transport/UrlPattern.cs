using System.Globalization;
using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>Turns the URL given to <c>mock.Get(url)</c> into matchers.</summary>
internal static class UrlPattern
{
    public static IEnumerable<RequestMatcher> Parse(string pattern, TimeSpan regexTimeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0 || pattern == "*")
        {
            yield break;
        }

        var rest = pattern;
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = pattern[..schemeEnd].ToLowerInvariant();
            var authorityStart = schemeEnd + 3;
            var pathStart = pattern.IndexOfAny(['/', '?'], authorityStart);
            var authority = pathStart < 0 ? pattern[authorityStart..] : pattern[authorityStart..pathStart];
            rest = pathStart < 0 ? "/" : pattern[pathStart..];
            yield return new UrlPartMatcher(UrlPart.Scheme, scheme);
            var (host, port) = SplitAuthority(authority, scheme, pattern);
            yield return new UrlPartMatcher(UrlPart.Host, host);
            yield return new UrlPartMatcher(UrlPart.Port, port.ToString(CultureInfo.InvariantCulture));
        }

        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        if (path.Length == 0)
        {
            path = "/";
        }

        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The URL pattern '{pattern}' must be an absolute URL or a path starting with '/'.", nameof(pattern));
        }

        yield return path.Contains('{', StringComparison.Ordinal) ? PathMatcher.Template(path, regexTimeout)
            : path.EndsWith('*') ? PathMatcher.Prefix(path[..^1])
            : PathMatcher.Exact(path);
        if (query >= 0)
        {
            foreach (var (name, value) in RequestSnapshot.ParsePairs(rest[(query + 1)..], '&'))
            {
                yield return new NamedValueMatcher(NamedValueSource.Query, name, ValuePattern.EqualTo(value));
            }
        }
    }

    private static (string Host, int Port) SplitAuthority(string authority, string scheme, string pattern)
    {
        var colon = authority.LastIndexOf(':');
        if (colon > 0 && authority.IndexOf(']', StringComparison.Ordinal) < colon)
        {
            return int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? (authority[..colon], port)
                : throw new ArgumentException($"The URL pattern '{pattern}' has an invalid port.", nameof(pattern));
        }

        return (authority, scheme == "https" ? 443 : 80);
    }
}
