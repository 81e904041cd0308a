using System.Net;
using Courier.Mocking;
using Courier.Mocking.Matching;
using Courier.TestUtils;

namespace Courier.MockingTests.Server;

public sealed class UnmatchedTests
{
    [Test]
    public async Task Unmatched_Gets404WithWireMocksReport_ByteForByte()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { NearMissCount = 1 });
        server.Route().Method("POST").Matching(PathMatcher.Url("/thing")).WithHeader("X-My-Header", "correct value").Named("Missing header stub");
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.PostAsync("/thing", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var expected = (await File.ReadAllTextAsync(Fixtures.Path("wiremock", "near-miss-reports", "missing_header.txt"))).ReplaceLineEndings("\n");
        (await response.Content.ReadAsStringAsync()).ShouldBe(expected);
    }

    [Test]
    public async Task Unmatched_QueryDiff_MatchesWireMocksReport()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { NearMissCount = 1 });
        server.Get("/thing").WithQuery("one", "1").WithQuery("two", ValuePattern.Containing("two things"))
            .WithQuery("three", ValuePattern.Matching("[a-z]{5}")).Named("Query params diff");
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync("/thing?one=2&two=wrong%20things&three=abcde");

        var expected = (await File.ReadAllTextAsync(Fixtures.Path("wiremock", "near-miss-reports", "query.txt"))).ReplaceLineEndings("\n");
        (await response.Content.ReadAsStringAsync()).ShouldBe(expected);
    }

    [Test]
    public async Task Unmatched_ShowsTheClosestStubsFirst_AndIsJournalled()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/orders").Named("orders");
        server.Get("/users/{id}").WithHeader("Accept", "application/json").Named("user");
        server.Post("/users").Named("create");
        using var http = new HttpClient { BaseAddress = server.Url };

        var report = await (await http.GetAsync("/users/7")).Content.ReadAsStringAsync();

        report.ShouldContain("Request was not matched");
        report.IndexOf("Closest stub #1", StringComparison.Ordinal).ShouldBeLessThan(report.IndexOf("Closest stub #2", StringComparison.Ordinal));
        report.IndexOf("user", StringComparison.Ordinal).ShouldBeLessThan(report.IndexOf("Closest stub #2", StringComparison.Ordinal));
        report.ShouldContain("<<<<< Header is not present");
        server.UnmatchedRequests.Single().Path.ShouldBe("/users/7");
        server.Requests.Single().StatusCode.ShouldBe(404);
        Should.Throw<MockAssertionException>(server.AssertNoUnmatched).Message.ShouldContain("GET http://127.0.0.1");
    }

    [Test]
    public async Task NoStubs_SaysSo()
    {
        await using var server = await MockServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.GetAsync("/anything");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("this MockServer has no stubs");
    }

    [Test]
    public async Task Journal_IsBounded()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalEntries = 3 });
        server.Get("/x").Respond(200);
        using var http = new HttpClient { BaseAddress = server.Url };

        for (var i = 0; i < 5; i++)
        {
            (await http.GetAsync($"/x?n={i}")).EnsureSuccessStatusCode();
        }

        server.Requests.Select(r => r.Request.RawQuery).ShouldBe(["n=2", "n=3", "n=4"]);
        server.Stubs[0].CallCount.ShouldBe(5);
    }

    [Test]
    public async Task Verify_CountsJournalledRequests_AndExplainsAMiss()
    {
        await using var server = await MockServer.StartAsync();
        server.Post("/items").Respond(201);
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.PostAsync("/items", new StringContent("""{"name":"pen"}""", System.Text.Encoding.UTF8, "application/json"));
        await http.PostAsync("/items", new StringContent("""{"name":"ink"}""", System.Text.Encoding.UTF8, "application/json"));

        server.Verify(r => r.Method("POST").Url("/items"));
        server.Verify(2, r => r.Method("POST").Path("/items"));
        server.Verify(1, r => r.Path("/items").WithJsonPath("$.name", "ink"));
        server.CountRequests(r => r.Method("GET")).ShouldBe(0);
        var failure = Should.Throw<MockAssertionException>(() => server.Verify(3, r => r.Method("POST").Url("/items")));
        failure.Message.ShouldContain("Expected exactly 3 requests");
        failure.Message.ShouldContain("but 2 were received");
        server.ResetRequests();
        server.Requests.ShouldBeEmpty();
    }
}
