using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Courier.Mocking;
using Courier.TestUtils;

namespace Courier.MockingTests.Server;

public sealed class AdminApiTests
{
    [Test]
    public async Task Mappings_CreateThenListThenServe()
    {
        await using var server = await MockServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        using var created = await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {"url": "/made"}, "response": {"body": "made by admin"}, "name": "admin stub"}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Guid.TryParse(createdJson.RootElement.GetProperty("id").GetString(), out _).ShouldBeTrue();
        (await http.GetStringAsync("/made")).ShouldBe("made by admin");
        using var list = JsonDocument.Parse(await http.GetStringAsync("/__admin/mappings"));
        list.RootElement.GetProperty("meta").GetProperty("total").GetInt32().ShouldBe(1);
        list.RootElement.GetProperty("mappings")[0].GetProperty("name").GetString().ShouldBe("admin stub");
    }

    [Test]
    public async Task MappingById_GetEditDelete_AndResetKeepsCSharpStubs()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/csharp").Respond(MockResponse.Text("stays"));
        using var http = new HttpClient { BaseAddress = server.Url };
        using var created = await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {"url": "/v"}, "response": {"body": "one"}}"""));
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = createdJson.RootElement.GetProperty("id").GetString();

        (await http.GetAsync($"/__admin/mappings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.PutAsync($"/__admin/mappings/{id}", new StringContent("""{"request": {"url": "/v"}, "response": {"body": "two"}}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetStringAsync("/v")).ShouldBe("two");
        server.Stubs.Count.ShouldBe(2);
        (await http.DeleteAsync($"/__admin/mappings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/v")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync($"/__admin/mappings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {"url": "/w"}, "response": {}}"""));
        (await http.PostAsync("/__admin/mappings/reset", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Stubs.Count.ShouldBe(1);
        (await http.GetStringAsync("/csharp")).ShouldBe("stays");
    }

    [Test]
    public async Task Mappings_ListIncludesStubsAddedInCSharp()
    {
        await using var server = await MockServer.StartAsync();
        server.Get("/from-code").Named("code stub").Respond(MockResponse.Text("x"));
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {"url": "/from-json"}, "response": {"body": "y"}}"""));

        using var list = JsonDocument.Parse(await http.GetStringAsync("/__admin/mappings"));

        list.RootElement.GetProperty("meta").GetProperty("total").GetInt32().ShouldBe(2);
        var mappings = list.RootElement.GetProperty("mappings").EnumerateArray().ToList();
        mappings.Count(m => m.TryGetProperty("metadata", out var meta) && meta.GetProperty("source").GetString() == "csharp").ShouldBe(1);
        mappings.Single(m => m.TryGetProperty("metadata", out _)).GetProperty("name").GetString()!.ShouldContain("code stub");
    }

    [Test]
    public async Task MappingsReset_ReloadsTheMappingFiles_AndDropsAdminStubs()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-requests") });
        using var http = new HttpClient { BaseAddress = server.Url };
        (await http.DeleteAsync("/__admin/mappings")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/canned/resource/1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {"url": "/extra"}, "response": {"body": "admin"}}"""));

        (await http.PostAsync("/__admin/mappings/reset", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await http.GetAsync("/canned/resource/1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/canned/resource/2")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.GetAsync("/extra")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Mappings_InvalidCreate_Is422WithThePointer()
    {
        await using var server = await MockServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.PostAsync("/__admin/mappings", new StringContent("""{"request": {}, "response": {}, "priority": "LOW"}"""));

        ((int)response.StatusCode).ShouldBe(422);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("errors")[0].GetProperty("source").GetProperty("pointer").GetString().ShouldBe("$.priority");
        server.Stubs.ShouldBeEmpty();
    }

    [Test]
    public async Task Requests_JournalUnmatchedAndReset()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "test-requests") });
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.GetAsync("/canned/resource/1");
        await http.GetAsync("/nowhere");

        using var all = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests"));
        all.RootElement.GetProperty("meta").GetProperty("total").GetInt32().ShouldBe(2);
        using var unmatched = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests/unmatched"));
        var only = unmatched.RootElement.GetProperty("requests").EnumerateArray().Single();
        only.GetProperty("request").GetProperty("url").GetString().ShouldBe("/nowhere");
        only.GetProperty("wasMatched").GetBoolean().ShouldBeFalse();
        (await http.PostAsync("/__admin/reset", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task RequestsFindAndCount_TakeAWireMockRequestPattern()
    {
        await using var server = await MockServer.StartAsync();
        server.Post("/items").Respond(201);
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.PostAsync("/items", new StringContent("pen"));
        await http.PostAsync("/items", new StringContent("ink"));
        await http.GetAsync("/items");

        using var count = await http.PostAsync("/__admin/requests/count", new StringContent("""{"method": "POST", "url": "/items"}"""));
        using var countJson = JsonDocument.Parse(await count.Content.ReadAsStringAsync());
        countJson.RootElement.GetProperty("count").GetInt32().ShouldBe(2);
        using var find = await http.PostAsync("/__admin/requests/find", new StringContent("""{"method": "POST", "bodyPatterns": [{"equalTo": "ink"}]}"""));
        using var findJson = JsonDocument.Parse(await find.Content.ReadAsStringAsync());
        findJson.RootElement.GetProperty("requests").EnumerateArray().Single().GetProperty("request").GetProperty("body").GetString().ShouldBe("ink");
        using var bad = await http.PostAsync("/__admin/requests/find", new StringContent("""{"method": 1}"""));
        ((int)bad.StatusCode).ShouldBe(422);
    }

    [Test]
    public async Task NearMissesForARequest_ClosestFirstWithDistances()
    {
        await using var server = await MockServer.StartAsync();
        server.AddMappings("""{"mappings": [{"request": {"method": "GET", "url": "/orders"}, "response": {}}, {"request": {"method": "GET", "url": "/users/1"}, "response": {}, "name": "user one"}]}""");
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.PostAsync("/__admin/near-misses/request", new StringContent("""{"url": "/users/2", "method": "GET", "headers": {"Accept": "text/plain"}}"""));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var misses = json.RootElement.GetProperty("nearMisses");
        misses[0].GetProperty("stubMapping").GetProperty("name").GetString().ShouldBe("user one");
        misses[0].GetProperty("matchResult").GetProperty("distance").GetDouble().ShouldBeLessThan(misses[1].GetProperty("matchResult").GetProperty("distance").GetDouble());
        server.Requests.ShouldBeEmpty();
    }

    [Test]
    public async Task Scenarios_ListedWithStates_AndReset()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = Fixtures.Path("wiremock", "remoteloader") });
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.PostAsync("/todo/items", new StringContent("Cancel newspaper subscription"));

        using var scenarios = JsonDocument.Parse(await http.GetStringAsync("/__admin/scenarios"));
        var todo = scenarios.RootElement.GetProperty("scenarios")[0];
        todo.GetProperty("name").GetString().ShouldBe("To do list");
        todo.GetProperty("state").GetString().ShouldBe("Cancel newspaper item added");
        await http.PostAsync("/__admin/scenarios/reset", null);
        server.ScenarioStates.ShouldBeEmpty();
    }

    [Test]
    public async Task Token_IsRequiredWhenSet()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { AdminToken = "t0k3n" });
        using var http = new HttpClient { BaseAddress = server.Url };

        (await http.GetAsync("/__admin/mappings")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/__admin/mappings");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0k3n");
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Requests.ShouldBeEmpty();
    }
}
