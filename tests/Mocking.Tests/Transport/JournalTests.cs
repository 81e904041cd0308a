using Courier.Mocking;

namespace Courier.MockingTests.Transport;

public sealed class JournalTests : MockTransportTestBase
{
    [Test]
    public async Task Calls_KeepTheMostRecentUpToTheLimit_CountStaysExact()
    {
        var mock = new MockTransport(new MockTransportOptions { MaxRecordedCalls = 3 });
        var route = mock.Get("/n/{i}").Respond(200);
        using var http = HttpClientFor(mock);

        for (var i = 1; i <= 5; i++)
        {
            await http.GetAsync($"/n/{i}");
        }

        route.CallCount.ShouldBe(5);
        route.Calls.Select(c => c.Request.Path).ShouldBe(["/n/3", "/n/4", "/n/5"]);
        route.LastCall!.Request.Path.ShouldBe("/n/5");
    }

    [Test]
    public void SyncClient_UsesTheSameRoutes()
    {
        var mock = new MockTransport();
        mock.Get("/sync").Respond(MockResponse.Text("sync ok"));
        using var client = ClientFor(mock);

        client.Get("/sync").Text.ShouldBe("sync ok");
    }
}
