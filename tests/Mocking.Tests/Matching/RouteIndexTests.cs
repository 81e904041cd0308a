using Courier.Mocking.Matching;

namespace Courier.MockingTests.Matching;

public sealed class RouteIndexTests
{
    private sealed record Entry(string Name, RequestPattern Pattern);

    [Test]
    public void Candidates_ExactPaths_OnlyTheOneRouteForThatPath()
    {
        var entries = Enumerable.Range(0, 100).Select(i => new Entry($"r{i}", new RequestPattern([new MethodMatcher("GET"), PathMatcher.Exact($"/items/{i}")]))).ToArray();
        var index = new RouteIndex<Entry>(entries, e => e.Pattern);

        index.Candidates("/items/99").ToArray().Select(e => e.Name).ShouldBe(["r99"]);
        index.Candidates("/items/100").Length.ShouldBe(0);
        index.UnindexedCount.ShouldBe(0);
    }

    [Test]
    public void Candidates_MergeExactTemplatePrefixAndUnindexedInOrder()
    {
        Entry[] entries =
        [
            new("regex", new RequestPattern([PathMatcher.Matching("/users/.*")])),
            new("template", new RequestPattern([PathMatcher.Template("/users/{id}")])),
            new("exact", new RequestPattern([PathMatcher.Exact("/users/me")])),
            new("prefix-other", new RequestPattern([PathMatcher.Prefix("/orders/")])),
            new("no-path", new RequestPattern([new MethodMatcher("GET")])),
            new("short-prefix", new RequestPattern([PathMatcher.Prefix("/us")])),
        ];
        var index = new RouteIndex<Entry>(entries, e => e.Pattern);

        index.Candidates("/users/me").ToArray().Select(e => e.Name).ShouldBe(["regex", "template", "exact", "no-path", "short-prefix"]);
        index.Candidates("/users/42").ToArray().Select(e => e.Name).ShouldBe(["regex", "template", "no-path", "short-prefix"]);
        index.Candidates("/orders/1").ToArray().Select(e => e.Name).ShouldBe(["regex", "prefix-other", "no-path", "short-prefix"]);
        index.Candidates("/elsewhere").ToArray().Select(e => e.Name).ShouldBe(["regex", "no-path", "short-prefix"]);
        index.UnindexedCount.ShouldBe(3);
    }

    [Test]
    public void RequestPattern_StandaloneForOtherHosts_MatchesAndExplains()
    {
        var pattern = new RequestPattern([new MethodMatcher("POST"), PathMatcher.Exact("/a"), new NamedValueMatcher(NamedValueSource.Header, "X-Id", ValuePattern.EqualTo("1"))]);
        var request = new RequestSnapshot("post", new Uri("http://h/a"), [new("x-id", "2")]);

        pattern.IsMatch(request).ShouldBeFalse();
        var explained = pattern.Explain(request);

        explained.IsMatch.ShouldBeFalse();
        explained.ToString().ShouldBe(string.Join(Environment.NewLine, "MATCHED POST | actual: POST", "MATCHED [path] /a | actual: /a", "FAILED  X-Id: 1 | actual: X-Id: 2"));
        pattern.IsMatch(new RequestSnapshot("POST", new Uri("http://h/a"), [new("X-Id", "1")])).ShouldBeTrue();
    }
}
