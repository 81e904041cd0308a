using System.Text.Json;
using Courier.Mocking.Matching;

namespace Courier.Mocking;

public sealed partial class MockRoute
{
    /// <summary>The method is one of <paramref name="methods"/>.</summary>
    public MockRoute Method(params string[] methods) => Matching(new MethodMatcher(methods));

    /// <summary>The scheme is <paramref name="scheme"/> (<c>http</c> or <c>https</c>).</summary>
    public MockRoute Scheme(string scheme) => Matching(new UrlPartMatcher(UrlPart.Scheme, scheme));

    /// <summary>The host is <paramref name="host"/> (case ignored).</summary>
    public MockRoute Host(string host) => Matching(new UrlPartMatcher(UrlPart.Host, host));

    /// <summary>The port is <paramref name="port"/> (the scheme's default when the URL has none).</summary>
    public MockRoute Port(int port) => Matching(new UrlPartMatcher(UrlPart.Port, port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Matches a URL pattern: an absolute URL adds scheme, host and port; a path with <c>{name}</c> is a template, a
    /// path ending in <c>*</c> a prefix, any other path exact; each <c>?name=value</c> must be in the query.
    /// </summary>
    public MockRoute Url(string pattern)
    {
        foreach (var matcher in UrlPattern.Parse(pattern, RegexTimeout))
        {
            Matching(matcher);
        }

        return this;
    }

    /// <summary>The path equals <paramref name="path"/> (as sent, percent-encoded).</summary>
    public MockRoute Path(string path) => Matching(PathMatcher.Exact(path));

    /// <summary>The path starts with <paramref name="prefix"/>.</summary>
    public MockRoute PathPrefix(string prefix) => Matching(PathMatcher.Prefix(prefix));

    /// <summary>The whole path matches the regex <paramref name="pattern"/>.</summary>
    public MockRoute PathRegex(string pattern) => Matching(PathMatcher.Matching(pattern, RegexTimeout));

    /// <summary>The path fits the template (<c>/users/{id}</c>); the captured values reach the response as <see cref="MockContext.RouteValues"/>.</summary>
    public MockRoute PathTemplate(string template) => Matching(PathMatcher.Template(template, RegexTimeout));

    /// <summary>The query has <paramref name="name"/> with each of <paramref name="values"/> (other parameters allowed); no value: present with any value.</summary>
    public MockRoute WithQuery(string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return Matching(new NamedValueMatcher(NamedValueSource.Query, name, ValuePattern.Present()));
        }

        foreach (var value in values)
        {
            Matching(new NamedValueMatcher(NamedValueSource.Query, name, ValuePattern.EqualTo(value)));
        }

        return this;
    }

    /// <summary>The query parameter <paramref name="name"/> passes <paramref name="pattern"/>.</summary>
    public MockRoute WithQuery(string name, ValuePattern pattern) => Matching(new NamedValueMatcher(NamedValueSource.Query, name, pattern));

    /// <summary>The query holds exactly these parameters (order ignored, repeated names count).</summary>
    public MockRoute WithExactQuery(IEnumerable<KeyValuePair<string, string>> parameters) => Matching(new QueryExactMatcher(parameters));

    /// <summary>The header is present; with a value, one of its values equals it.</summary>
    public MockRoute WithHeader(string name, string? value = null) =>
        Matching(new NamedValueMatcher(NamedValueSource.Header, name, value is null ? ValuePattern.Present() : ValuePattern.EqualTo(value)));

    /// <summary>One of the header's values passes <paramref name="pattern"/>.</summary>
    public MockRoute WithHeader(string name, ValuePattern pattern) => Matching(new NamedValueMatcher(NamedValueSource.Header, name, pattern));

    /// <summary>The header is absent.</summary>
    public MockRoute WithoutHeader(string name) => Matching(new NamedValueMatcher(NamedValueSource.Header, name, ValuePattern.Absent()));

    /// <summary>The cookie is sent; with a value, equal to it.</summary>
    public MockRoute WithCookie(string name, string? value = null) =>
        Matching(new NamedValueMatcher(NamedValueSource.Cookie, name, value is null ? ValuePattern.Present() : ValuePattern.EqualTo(value)));

    /// <summary>The cookie passes <paramref name="pattern"/>.</summary>
    public MockRoute WithCookie(string name, ValuePattern pattern) => Matching(new NamedValueMatcher(NamedValueSource.Cookie, name, pattern));

    /// <summary>The body is exactly these bytes.</summary>
    public MockRoute WithBody(ReadOnlySpan<byte> bytes) => Matching(BodyMatcher.Bytes(bytes));

    /// <summary>The body, as UTF-8 text, equals <paramref name="text"/>.</summary>
    public MockRoute WithBody(string text) => Matching(BodyMatcher.Text(ValuePattern.EqualTo(text)));

    /// <summary>The body, as UTF-8 text, passes <paramref name="pattern"/> (contains, regex, …).</summary>
    public MockRoute WithBody(ValuePattern pattern) => Matching(BodyMatcher.Text(pattern));

    /// <summary>The body, as UTF-8 text, contains <paramref name="text"/>.</summary>
    public MockRoute WithBodyContaining(string text) => Matching(BodyMatcher.Text(ValuePattern.Containing(text)));

    /// <summary>The body, as UTF-8 text, matches the regex <paramref name="pattern"/>.</summary>
    public MockRoute WithBodyMatching(string pattern) => Matching(BodyMatcher.Text(ValuePattern.Matching(pattern, RegexTimeout)));

    /// <summary>
    /// The body is JSON equal by structure to <paramref name="expected"/> (serialised with web defaults; a string is
    /// read as JSON text). Key order and whitespace never matter; <paramref name="options"/> can ignore array order and extra members.
    /// </summary>
    public MockRoute WithJsonBody<T>(T expected, JsonMatchOptions? options = null) => Matching(expected switch
    {
        string text => JsonBodyMatcher.FromText(text, options),
        JsonElement element => new JsonBodyMatcher(element, options),
        _ => JsonBodyMatcher.FromValue(expected, options),
    });

    /// <summary>The JSONPath selects a non-null value in the JSON body (see <see cref="JsonPath"/> for the subset).</summary>
    public MockRoute WithJsonPath(string path) => Matching(new JsonPathMatcher(path));

    /// <summary>One value the JSONPath selects equals <paramref name="value"/> (strings by text, others by their JSON text).</summary>
    public MockRoute WithJsonPath(string path, string value) => Matching(new JsonPathMatcher(path, ValuePattern.EqualTo(value)));

    /// <summary>One value the JSONPath selects passes <paramref name="pattern"/>.</summary>
    public MockRoute WithJsonPath(string path, ValuePattern pattern) => Matching(new JsonPathMatcher(path, pattern));

    /// <summary>The URL-encoded form body has the field; with a value, equal to it.</summary>
    public MockRoute WithFormField(string name, string? value = null) =>
        Matching(new NamedValueMatcher(NamedValueSource.FormField, name, value is null ? ValuePattern.Present() : ValuePattern.EqualTo(value)));

    /// <summary>The multipart body has a part named <paramref name="name"/>, with this text and file name when given.</summary>
    public MockRoute WithMultipartPart(string name, string? content = null, string? fileName = null) =>
        Matching(new MultipartMatcher(name, content is null ? null : ValuePattern.EqualTo(content), fileName));

    /// <summary>A custom condition; <paramref name="description"/> names it in reports.</summary>
    public MockRoute When(Func<RequestSnapshot, bool> predicate, string? description = null) => Matching(new PredicateMatcher(predicate, description));

    /// <summary>A custom asynchronous condition; <paramref name="description"/> names it in reports.</summary>
    public MockRoute When(Func<RequestSnapshot, CancellationToken, ValueTask<bool>> predicate, string? description = null) =>
        Matching(new PredicateMatcher(predicate, description));
}
