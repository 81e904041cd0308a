using System.Text;
using Courier.Mocking.Diagnostics;
using Courier.Mocking.Matching;
using Courier.TestUtils;

namespace Courier.MockingTests.Matching;

/// <summary>The renderer reproduces WireMock's own near-miss reports (shared/fixtures/wiremock/near-miss-reports) byte for byte.</summary>
public sealed class NearMissRendererTests
{
    [Test]
    public void Render_MissingHeader_MatchesWireMockReport() =>
        Check(
            "missing_header.txt",
            "Missing header stub",
            [new MethodMatcher("POST"), PathMatcher.Url("/thing"), new NamedValueMatcher(NamedValueSource.Header, "X-My-Header", ValuePattern.EqualTo("correct value"))],
            new RequestSnapshot("POST", new Uri("http://localhost/thing")));

    [Test]
    public void Render_QueryDiff_MatchesWireMockReport() =>
        Check(
            "query.txt",
            "Query params diff",
            [
                new MethodMatcher("GET"), PathMatcher.Exact("/thing"),
                new NamedValueMatcher(NamedValueSource.Query, "one", ValuePattern.EqualTo("1")),
                new NamedValueMatcher(NamedValueSource.Query, "two", ValuePattern.Containing("two things")),
                new NamedValueMatcher(NamedValueSource.Query, "three", ValuePattern.Matching("[a-z]{5}")),
            ],
            new RequestSnapshot("GET", new Uri("http://localhost/thing?one=2&two=wrong%20things&three=abcde")));

    [Test]
    public void Render_CookieDiff_MatchesWireMockReport() =>
        Check(
            "cookies.txt",
            "Cookie diff",
            [
                new MethodMatcher("POST"), PathMatcher.Url("/thing"),
                new NamedValueMatcher(NamedValueSource.Cookie, "Cookie_1", ValuePattern.Containing("one value")),
                new NamedValueMatcher(NamedValueSource.Cookie, "Second_Cookie", ValuePattern.Matching("cookie two value [0-9]*")),
            ],
            new RequestSnapshot("POST", new Uri("http://localhost/thing"), [new("Cookie", "Cookie_1=zero value; Second_Cookie=cookie two value 123")]));

    [Test]
    public void Render_UrlRegexWithBareQuestionMark_AddsWireMockHint() =>
        Check(
            "url-pattern.txt",
            null,
            [new MethodMatcher("GET"), PathMatcher.UrlMatching("thing?query=value")],
            new RequestSnapshot("GET", new Uri("http://localhost/thing")));

    [Test]
    public void Render_JsonPathMiss_PrintsBodyLikeJackson() =>
        Check(
            "json-path.txt",
            null,
            [new MethodMatcher("POST"), PathMatcher.Url("/thing"), new JsonPathMatcher("$..seven")],
            new RequestSnapshot("POST", new Uri("http://localhost/thing"), [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes("""{"one":{"two":{"three":{"four":{"five":{"six":"match this"}}}}}}""")));

    [Test]
    public void Render_LongNameHeadersAndJsonBody_WrapsLikeWireMock() =>
        Check(
            "ascii.txt",
            "The post stub with a really long name that ought to wrap and let us see exactly how that looks when it is done",
            [
                new MethodMatcher("POST"), PathMatcher.Url("/thing"),
                new NamedValueMatcher(NamedValueSource.Header, "X-My-Header", ValuePattern.Containing("correct value")),
                new NamedValueMatcher(NamedValueSource.Header, "Accept", ValuePattern.Matching("text/plain.*")),
                JsonBodyMatcher.FromText("""{ "thing": { "stuff": [1, 2, 3] } }"""),
            ],
            new RequestSnapshot(
                "POST",
                new Uri("http://localhost/thin"),
                [new("X-My-Header", "wrong value"), new("Accept", "text/plain")],
                Encoding.UTF8.GetBytes("""{"thing":{"nothing":{}}}""")));

    private static void Check(string fixture, string? name, RequestMatcher[] matchers, RequestSnapshot request)
    {
        var expected = File.ReadAllText(Fixtures.Path("wiremock", "near-miss-reports", fixture)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var result = new RequestPattern(matchers).Explain(request);

        var report = NearMissRenderer.Render(name, result, request);

        report.ShouldBe(expected);
    }
}
