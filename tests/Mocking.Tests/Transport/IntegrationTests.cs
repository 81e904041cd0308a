using System.Net;
using System.Net.Http.Json;
using Courier.Mocking;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.MockingTests.Transport;

public sealed class IntegrationTests : MockTransportTestBase
{
    [Test]
    public async Task SameMock_ServesClientHttpClientAndTypedFactoryClient()
    {
        var mock = new MockTransport();
        mock.Get("/users/{id}").Respond(ctx => MockResponse.Json(new UserDto(int.Parse(ctx.RouteValues["id"], System.Globalization.CultureInfo.InvariantCulture), "Ada")));
        var services = new ServiceCollection();
        services.AddHttpClient<UsersApi>(c => c.BaseAddress = new Uri("http://users.test")).AddMockTransport(mock);
        await using var provider = services.BuildServiceProvider();
        await using var client = ClientFor(mock);
        using var http = HttpClientFor(mock);

        (await provider.GetRequiredService<UsersApi>().GetAsync(3)).ShouldBe(new UserDto(3, "Ada"));
        (await http.GetFromJsonAsync<UserDto>("/users/4")).ShouldBe(new UserDto(4, "Ada"));
        (await client.GetAsync("/users/5")).Json<UserDto>().ShouldBe(new UserDto(5, "Ada"));
        mock.Routes[0].Calls.Select(c => c.Request.Url.Host).ShouldBe(["users.test", "api.test", "api.test"]);
    }

    [Test]
    public async Task ParallelUse_EightTasksEachWithTheirOwnMockAndOneShared()
    {
        var shared = new MockTransport();
        shared.Get("/count/{n}").Respond(ctx => MockResponse.Text(ctx.RouteValues["n"]));
        using var sharedHttp = HttpClientFor(shared);

        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var own = new MockTransport();
            own.Get("/who").Respond(MockResponse.Text($"worker {worker}"));
            using var http = HttpClientFor(own);
            for (var i = 0; i < 50; i++)
            {
                (await http.GetStringAsync("/who")).ShouldBe($"worker {worker}");
                (await sharedHttp.GetStringAsync($"/count/{worker}-{i}")).ShouldBe($"{worker}-{i}");
                if (i == 25)
                {
                    own.Get($"/late-{worker}").Respond(204);
                }
            }

            own.Routes[0].CallCount.ShouldBe(50);
        })).ToArray();
        await Task.WhenAll(tasks);

        shared.Routes[0].CallCount.ShouldBe(400);
        shared.Routes[0].Calls.Count.ShouldBe(400);
        shared.Routes[0].Calls.Select(c => c.Request.Path).Distinct().Count().ShouldBe(400);
    }

    [Test]
    public async Task PassThrough_UnmatchedRequestsReachTheRealTransport()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/real", () => Results.Text("from the network")));
        using var network = new HttpTransport();
        var mock = new MockTransport(new MockTransportOptions { PassThrough = network });
        mock.Get($"{server.Url}mocked").Respond(MockResponse.Text("from the mock"));
        mock.Get($"{server.Url}forwarded").PassThrough();
        await using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = server.Url });

        (await client.GetAsync("/mocked")).Text.ShouldBe("from the mock");
        (await client.GetAsync("/real")).Text.ShouldBe("from the network");
        (await client.GetAsync("/forwarded")).StatusCode.ShouldBe(404);
        mock.UnmatchedRequests.Select(r => r.Path).ShouldBe(["/real"]);
        mock.Routes[1].CallCount.ShouldBe(1);
    }

    [Test]
    public async Task SimpleFunctionForm_StillWorks()
    {
        var mock = new MockTransport(request => new Response(200, Body.Text($"{request.Method} {request.Url.PathAndQuery}")));
        await using var client = ClientFor(mock);
        using var http = HttpClientFor(mock);

        (await client.GetAsync("/a?b=1")).Text.ShouldBe("GET /a?b=1");
        (await http.PostAsync("/p", new StringContent("x"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        Should.Throw<InvalidOperationException>(() => mock.Get("/x"));
    }

    [Test]
    public async Task Disposal_ByFactoryOrClient_LeavesTheMockUsable()
    {
        var mock = new MockTransport();
        mock.Get("/a").Respond(200);
        using (var first = new HttpClient(mock, disposeHandler: true) { BaseAddress = new Uri("http://api.test") })
        {
            (await first.GetAsync("/a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var second = HttpClientFor(mock);
        (await second.GetAsync("/a")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public sealed record UserDto(int Id, string Name);

    public sealed class UsersApi(HttpClient http)
    {
        public Task<UserDto?> GetAsync(int id) => http.GetFromJsonAsync<UserDto>($"/users/{id}");
    }
}
