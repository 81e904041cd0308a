using Courier.Mocking;
using Courier.Mocking.Matching;
using FsCheck;
using FsCheck.Fluent;

namespace Courier.MockingTests.Properties;

/// <summary>
/// The same routes on a <see cref="MockTransport"/> and on a <see cref="MockServer"/> make the same match decision
/// (which route answers, or none) for the same random requests: one matching engine, two front ends.
/// </summary>
public sealed class MatcherAgreementProperties
{
    /// <summary>Adds the same routes (each answering its own status) through <paramref name="route"/>.</summary>
    private static void AddRoutes(Func<MockRoute> route)
    {
        route().Method("GET").PathTemplate("/users/{id}").WithQuery("active", "true").Respond(201);
        route().PathPrefix("/files/").WithHeader("X-Key", ValuePattern.Matching("^k[0-9]+$")).Respond(202);
        route().Method("POST").Path("/items").WithBodyContaining("pen").Respond(203);
        route().PathRegex("^/r/[a-c]+$").Respond(204);
        route().Method("GET").Path("/files/exact").WithoutHeader("X-Key").Respond(205);
        route().Method("POST").PathTemplate("/users/{id}").WithHeader("X-Key", "k1").WithQuery("tag", "a", "b").Respond(206);
    }

    /// <summary>A random request made of the pieces the routes look at (and near misses of them).</summary>
    public sealed record Probe(string Method, string Path, string? Query, string? Key, string? Body)
    {
        public override string ToString() => $"{Method} {Path}{(Query is null ? string.Empty : "?" + Query)} key={Key ?? "-"} body={Body ?? "-"}";
    }

    private static Arbitrary<Probe> Probes()
    {
        var segment = Gen.Elements("users", "files", "items", "r", "abc", "ab", "x", "42", "exact", "USERS", "a-b");
        var near = Gen.Elements("/users/7", "/users/42", "/users/", "/users/7/x", "/files/a", "/files/exact", "/files", "/items", "/Items", "/items/", "/r/abc", "/r/abd", "/r/", "/r/a");
        var path = Gen.OneOf(near, Gen.ListOf(segment).Select(s => "/" + string.Join('/', s.Take(3))));
        var query = Gen.Elements<string?>(null, "active=true", "active=false", "tag=a&tag=b", "tag=a", "active=true&tag=a&tag=b", "x=1");
        var key = Gen.Elements<string?>(null, "k1", "k42", "K1", "k", "kx1");
        var body = Gen.Elements<string?>(null, "pen", "a pen!", "pencil", "Pen", string.Empty);
        var probe =
            from method in Gen.Elements("GET", "POST")
            from p in path
            from q in query
            from k in key
            from b in body
            select new Probe(method, p, q, k, method == "POST" ? b : null);
        return probe.ToArbitrary();
    }

    /// <summary>One request per route, and one that no route matches, with the status each must get.</summary>
    private static readonly (Probe Probe, int Status)[] Landmarks =
    [
        (new Probe("GET", "/users/7", "active=true", null, null), 201),
        (new Probe("GET", "/files/a", null, "k42", null), 202),
        (new Probe("POST", "/items", null, null, "a pen!"), 203),
        (new Probe("GET", "/r/abc", null, null, null), 204),
        (new Probe("GET", "/files/exact", null, null, null), 205),
        (new Probe("POST", "/users/7", "tag=a&tag=b", "k1", null), 206),
        (new Probe("GET", "/Items", null, null, null), 404),
    ];

    [Test]
    public void SameRoutes_SameRandomRequests_SameDecision()
    {
        // One server and one mock for all the random requests (starting Kestrel per case would be slow).
        using var mock = new MockTransport();
        AddRoutes(mock.Route);
        using var viaMock = new Client(new ClientOptions { Transport = mock });
        var server = MockServer.StartAsync().GetAwaiter().GetResult();
        try
        {
            AddRoutes(server.Route);
            using var viaServer = new Client(new ClientOptions { Timeouts = new Timeouts(TimeSpan.FromSeconds(30)) });

            // Not a vacuous agreement: fixed requests that each pick one route (or none) agree first, so every route's
            // decision is compared whatever the random requests below happen to hit.
            foreach (var (probe, expected) in Landmarks)
            {
                Decide(viaMock, new Uri("http://mock.test/"), probe).ShouldBe(expected, $"MockTransport, {probe}");
                Decide(viaServer, server.Url, probe).ShouldBe(expected, $"MockServer, {probe}");
            }

            var decisions = new HashSet<int>();
            var property = Prop.ForAll(Probes(), probe =>
            {
                var fromMock = Decide(viaMock, new Uri("http://mock.test/"), probe);
                var fromServer = Decide(viaServer, server.Url, probe);
                decisions.Add(fromMock);
                return (fromMock == fromServer).Label($"{probe}: MockTransport {fromMock}, MockServer {fromServer}");
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);

            // The random requests reach past the 404 (the rare routes, such as 206, need four pieces to line up and
            // are left to the landmarks above).
            decisions.Count.ShouldBeGreaterThanOrEqualTo(3, string.Join(", ", decisions));
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The status of the route that answered, or 404 when none matched.</summary>
    private static int Decide(Client client, Uri baseUrl, Probe probe)
    {
        var url = new Uri(baseUrl, probe.Path + (probe.Query is null ? string.Empty : "?" + probe.Query)).ToString();
        var options = new RequestOptions { Headers = probe.Key is null ? null : new Headers { { "X-Key", probe.Key } } };
        try
        {
            var response = client.Request(probe.Method, url, probe.Body is null ? null : Body.Text(probe.Body), options);
            return response.StatusCode;
        }
        catch (UnmatchedRequestException)
        {
            return 404;
        }
    }
}
