using System.Globalization;
using System.Text;
using Courier.Mocking.Matching;

namespace Courier.Mocking.WireMock;

/// <summary>Reads a mapping's <c>request</c> object into the shared matchers.</summary>
internal static class MappingRequestReader
{
    private static readonly HashSet<string> Known =
    [
        "method", "url", "urlPath", "urlPattern", "urlPathPattern", "urlPathTemplate", "queryParameters", "headers",
        "cookies", "basicAuthCredentials", "bodyPatterns", "scheme", "host", "port",
    ];

    private static readonly string[] UrlKinds = ["url", "urlPath", "urlPattern", "urlPathPattern", "urlPathTemplate"];

    public static List<RequestMatcher> Read(JsonNode request, TimeSpan regexTimeout)
    {
        request.OnlyKnown(Known, "request");
        var values = new ValuePatternReader(regexTimeout);
        var matchers = new List<RequestMatcher>();
        if (request.Get("method") is { } methodNode)
        {
            var method = methodNode.String();
            if (method.Length == 0 || !method.All(char.IsAsciiLetter))
            {
                throw methodNode.Fail("expected an HTTP method such as GET, or ANY");
            }

            if (!method.Equals("ANY", StringComparison.OrdinalIgnoreCase))
            {
                matchers.Add(new MethodMatcher(method));
            }
        }

        if (request.Get("scheme") is { } scheme)
        {
            matchers.Add(new UrlPartMatcher(UrlPart.Scheme, scheme.String()));
        }

        if (request.Get("host") is { } host)
        {
            matchers.Add(new UrlPartMatcher(UrlPart.Host, host.String()));
        }

        if (request.Get("port") is { } port)
        {
            matchers.Add(new UrlPartMatcher(UrlPart.Port, port.Int(1, 65535).ToString(CultureInfo.InvariantCulture)));
        }

        var urls = UrlKinds.Where(k => request.Get(k) is not null).ToArray();
        if (urls.Length > 1)
        {
            throw request.Get(urls[1])!.Value.Fail($"expected only one of {string.Join(", ", UrlKinds)}, but '{urls[0]}' is given too");
        }

        if (urls.Length == 1)
        {
            matchers.Add(Url(urls[0], request.Get(urls[0])!.Value, regexTimeout));
        }

        AddNamed(matchers, values, request.Get("queryParameters"), NamedValueSource.Query);
        AddNamed(matchers, values, request.Get("headers"), NamedValueSource.Header);
        AddNamed(matchers, values, request.Get("cookies"), NamedValueSource.Cookie);
        if (request.Get("basicAuthCredentials") is { } credentials)
        {
            var user = (credentials.Get("username") ?? throw credentials.Fail("expected {\"username\": …, \"password\": …}")).String();
            var password = (credentials.Get("password") ?? throw credentials.Fail("expected {\"username\": …, \"password\": …}")).String();
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
            matchers.Add(new NamedValueMatcher(NamedValueSource.Header, "Authorization", ValuePattern.EqualTo($"Basic {token}")));
        }

        if (request.Get("bodyPatterns") is { } body)
        {
            matchers.AddRange(body.Items().Select(values.Body));
        }

        return matchers;
    }

    private static PathMatcher Url(string kind, JsonNode node, TimeSpan regexTimeout)
    {
        var value = node.String();
        try
        {
            return kind switch
            {
                "url" => PathMatcher.Url(value),
                "urlPath" => PathMatcher.Exact(value),
                "urlPattern" => PathMatcher.UrlMatching(value, regexTimeout),
                "urlPathPattern" => PathMatcher.Matching(value, regexTimeout),
                _ => PathMatcher.Template(value, regexTimeout),
            };
        }
        catch (ArgumentException ex)
        {
            throw new WireMockMappingException(node.File, node.Path, $"expected a valid {kind}: {ex.Message}", ex);
        }
    }

    private static void AddNamed(List<RequestMatcher> matchers, ValuePatternReader values, JsonNode? node, NamedValueSource source)
    {
        if (node is not { } map)
        {
            return;
        }

        foreach (var (name, pattern) in map.Properties())
        {
            matchers.Add(values.Named(source, name, pattern));
        }
    }
}
