using System.Net;
using System.Net.Http.Json;
using Courier.ClientTests.Support;
using Courier.Mocking;

namespace Courier.ClientTests.Mocking;

public class MockTransportTests
{
    [Test]
    public async Task SyncFunction_AnswersTheClient()
    {
        using var client = new Client(new ClientOptions
        {
            Transport = new MockTransport(r => new Response(200, Body.Json(new { method = r.Method, path = r.Url.AbsolutePath }))),
        });
        var response = await client.GetAsync("https://mock.test/users/1");
        response.Json<Dictionary<string, string>>().ShouldBe(new Dictionary<string, string> { ["method"] = "GET", ["path"] = "/users/1" });
        response.Headers["Content-Type"].ShouldBe("application/json");
    }

    [Test]
    public async Task AsyncFunctions_AnswerTheClient()
    {
        using var viaTask = new Client(new ClientOptions
        {
            Transport = new MockTransport(async r =>
            {
                await Task.Yield();
                return new Response(201, Body.Text(r.Method));
            }),
        });
        (await viaTask.PostAsync("https://mock.test/", Body.Text("x"))).Text.ShouldBe("POST");

        using var viaValueTask = new Client(new ClientOptions
        {
            Transport = new MockTransport((r, ct) => ValueTask.FromResult(new Response(202, Body.Text(ct.CanBeCanceled ? "token" : "none")))),
        });
        viaValueTask.Get("https://mock.test/").StatusCode.ShouldBe(202);
    }

    [Test]
    public async Task MockTransport_ServesAPlainHttpClient()
    {
        var bodies = new List<string>();
        using var http = new HttpClient(new MockTransport(r =>
        {
            bodies.Add(System.Text.Encoding.UTF8.GetString(r.Content.Span));
            return new Response(201, Body.Json(new { id = 7 }), new() { { "X-Mock", "yes" } });
        }));

        using var response = await http.PostAsJsonAsync("https://mock.test/items", new { name = "n" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.GetValues("X-Mock").ShouldBe(["yes"]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await response.Content.ReadFromJsonAsync<Dictionary<string, int>>())!["id"].ShouldBe(7);
        bodies.ShouldBe(["{\"name\":\"n\"}"]);
        http.Send(new HttpRequestMessage(HttpMethod.Get, "https://mock.test/sync")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Test]
    public async Task MockSeesWhatWouldGoOnTheWire()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen);
        await client.PostAsync("https://user:pw@mock.test/p?q=1", Body.Text("hi"));

        seen[0].Url.ShouldBe(new Uri("https://mock.test/p?q=1"));
        seen[0].Headers["Host"].ShouldBe("mock.test");
        seen[0].Headers["Content-Length"].ShouldBe("2");
        seen[0].Headers["Content-Type"].ShouldBe("text/plain; charset=utf-8");
        seen[0].Headers["Authorization"].ShouldStartWith("Basic ");
    }
}
