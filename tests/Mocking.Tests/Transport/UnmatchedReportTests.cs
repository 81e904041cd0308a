using System.Net.Http.Json;
using Courier.Mocking;
using Courier.Mocking.Matching;

namespace Courier.MockingTests.Transport;

public sealed class UnmatchedReportTests : MockTransportTestBase
{
    [Test]
    public async Task Unmatched_ThroughClient_ThrowsUnmatchedRequestExceptionWithExactReport()
    {
        var mock = new MockTransport();
        mock.Get("/users/{id}").WithHeader("Accept", "application/json").Named("get user").Respond(200);
        mock.Post("/users").WithJsonBody(new { name = "Ada" }).Respond(201);
        mock.Get("/health").Respond(200);
        mock.Delete("/users/{id}").Respond(204);
        await using var client = ClientFor(mock);

        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() =>
            client.GetAsync("/users/42?verbose=true", new RequestOptions { Headers = new Headers { { "Accept", "text/html" } } }));

        ex.Request.ShouldNotBeNull().Url.AbsolutePath.ShouldBe("/users/42");
        ex.Message.ShouldBe(ExpectedReport);
        mock.UnmatchedRequests.Count.ShouldBe(1);
    }

    [Test]
    public async Task Unmatched_ThroughHttpClient_ThrowsSameType()
    {
        var mock = new MockTransport();
        mock.Post("/orders").Respond(201);
        using var http = HttpClientFor(mock);

        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() => http.PostAsJsonAsync("/order", new { id = 1 }));

        ex.ShouldBeAssignableTo<TransportException>();
        ex.Report.ShouldContain("[path] /orders");
        ex.Report.ShouldContain("<<<<< URL does not match");
    }

    [Test]
    public async Task Unmatched_WithNoRoutes_SaysHowToAddOne()
    {
        var mock = new MockTransport();
        using var http = HttpClientFor(mock);

        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() => http.GetAsync("/x"));

        ex.Message.ShouldBe("No route matched GET http://api.test/x: this MockTransport has no routes. Add one, e.g. mock.Get(\"/x\").Respond(200).");
    }

    private const string ExpectedReport = """
        No route matched GET http://api.test/users/42?verbose=true (4 routes; the 3 closest are shown below, closest first). A line ending in <<<<< is a condition that failed. Fix that route, add one for this request, or set MockTransportOptions.PassThrough.

                                                       Request was not matched
                                                       =======================

        -----------------------------------------------------------------------------------------------------------------------
        | Closest route #1                                         | Request                                                  |
        -----------------------------------------------------------------------------------------------------------------------
                                                                   |
        Route 1: get user                                          |
                                                                   |
        GET                                                        | GET
        [path template] /users/{id}                                | /users/42?verbose=true
                                                                   |
        Accept: application/json                                   | Accept: text/html                                   <<<<< Header does not match
                                                                   |
                                                                   |
        -----------------------------------------------------------------------------------------------------------------------
        | Closest route #2                                         | Request                                                  |
        -----------------------------------------------------------------------------------------------------------------------
                                                                   |
        Route 4                                                    |
                                                                   |
        DELETE                                                     | GET                                                 <<<<< HTTP method does not match
        [path template] /users/{id}                                | /users/42?verbose=true
                                                                   |
                                                                   |
        -----------------------------------------------------------------------------------------------------------------------
        | Closest route #3                                         | Request                                                  |
        -----------------------------------------------------------------------------------------------------------------------
                                                                   |
        Route 3                                                    |
                                                                   |
        GET                                                        | GET
        [path] /health                                             | /users/42?verbose=true                              <<<<< URL does not match
                                                                   |
                                                                   |
        -----------------------------------------------------------------------------------------------------------------------

        """;
}
