using Courier.Mocking;

namespace Courier.MockingTests.Transport;

public sealed class VerificationTests : MockTransportTestBase
{
    [Test]
    public async Task Route_KeepsItsCallsWithRequestAndResponse()
    {
        var mock = new MockTransport();
        var route = mock.Post("/items").Respond(MockResponse.Json(new { ok = true }, 201));
        using var http = HttpClientFor(mock);

        await http.PostAsync("/items", new StringContent("first"));
        await http.PostAsync("/items", new StringContent("second"));

        route.CallCount.ShouldBe(2);
        route.Called.ShouldBeTrue();
        route.Calls.Select(c => c.Request.Text).ShouldBe(["first", "second"]);
        route.LastCall!.Response!.StatusCode.ShouldBe(201);
        mock.Calls.Count.ShouldBe(2);
        mock.CallCount.ShouldBe(2);
    }

    [Test]
    public async Task AssertAllCalled_ListsRoutesNeverCalled()
    {
        var mock = new MockTransport();
        mock.Get("/a").Respond(200);
        mock.Get("/b").Named("the b route").Respond(200);
        mock.Post("/c").WithHeader("X-Key").Respond(200);
        using var http = HttpClientFor(mock);
        await http.GetAsync("/a");

        var ex = Should.Throw<MockAssertionException>(mock.AssertAllCalled);

        ex.Message.ShouldBe("2 routes were never called:\n  Route 2 \"the b route\": GET, [path] /b\n  Route 3: POST, [path] /c, X-Key [present]");
    }

    [Test]
    public async Task AssertAllCalled_PassesWhenEveryRouteWasCalled()
    {
        var mock = new MockTransport();
        mock.Get("/a").Respond(200);
        using var http = HttpClientFor(mock);
        await http.GetAsync("/a");

        Should.NotThrow(mock.AssertAllCalled);
    }

    [Test]
    public async Task AssertNoUnmatched_ListsUnmatchedRequests()
    {
        var mock = new MockTransport();
        mock.Get("/a").Respond(200);
        using var http = HttpClientFor(mock);
        await Should.ThrowAsync<UnmatchedRequestException>(() => http.DeleteAsync("/a?x=1"));

        var ex = Should.Throw<MockAssertionException>(mock.AssertNoUnmatched);

        ex.Message.ShouldBe("1 request was not matched by any route:\n  DELETE http://api.test/a?x=1");
        mock.ResetCalls();
        Should.NotThrow(mock.AssertNoUnmatched);
    }

    [Test]
    public async Task VerifyExpectations_ReportsEveryCountMismatchAtOnce()
    {
        var mock = new MockTransport();
        mock.Get("/twice").Respond(200).Times(2);
        mock.Get("/never").Respond(200).Never();
        mock.Get("/some").Respond(200).Times(1, 3);
        mock.Get("/unchecked").Respond(200);
        using var http = HttpClientFor(mock);
        await http.GetAsync("/twice");
        await http.GetAsync("/never");
        await http.GetAsync("/some");

        var ex = Should.Throw<MockAssertionException>(mock.VerifyExpectations);

        ex.Message.ShouldBe(
            "Call counts did not match the expectations:\n" +
            "  Route 1: GET, [path] /twice: expected 2 calls, got 1\n" +
            "  Route 2: GET, [path] /never: expected 0 calls, got 1");
        await http.GetAsync("/twice");
        mock.Routes[1].ResetCalls();
        Should.NotThrow(mock.VerifyExpectations);
    }

    [Test]
    public async Task Priority_OverridesInsertionOrder()
    {
        var mock = new MockTransport();
        mock.Get("/users/{id}").Respond(MockResponse.Text("template"));
        mock.Get("/users/me").Respond(MockResponse.Text("me"));
        mock.Get("/users/admin").WithPriority(1).Respond(MockResponse.Text("admin"));
        mock.Route().WithPriority(9).Respond(MockResponse.Text("fallback"));
        using var http = HttpClientFor(mock);

        (await http.GetStringAsync("/users/me")).ShouldBe("template");
        (await http.GetStringAsync("/users/admin")).ShouldBe("admin");
        (await http.GetStringAsync("/other")).ShouldBe("fallback");
    }

    [Test]
    public async Task RoutesAddedAfterRequests_AreSeen()
    {
        var mock = new MockTransport();
        mock.Get("/a").Respond(200);
        using var http = HttpClientFor(mock);
        await http.GetAsync("/a");

        mock.Get("/b").Respond(204);

        (await http.GetAsync("/b")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
    }
}
