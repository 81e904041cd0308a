using System.Net.Http.Json;
using Courier;
using Courier.Mocking;
using Microsoft.Extensions.DependencyInjection;

namespace DocsSnippets;

/// <summary>The Courier side of docs/migration/from-httpclient.md.</summary>
[Category("Docs")]
public sealed class FromHttpClientSnippets
{
    [Test]
    public async Task GetAndPostJson()
    {
        using var client = SampleApi.Client(SampleApi.Create());

        #region hc-json
        var user = (await client.GetAsync("users/42")).EnsureSuccess().Json<User>();
        var created = await client.PostAsync("users", Body.Json(new { name = "Ada" }));
        #endregion

        user.ShouldBe(new User(42, "Ada"));
        created.StatusCode.ShouldBe(201);
    }

    [Test]
    public async Task BaseUrl_JoinsWithoutTrailingSlashRules()
    {
        using var client = new Client(new ClientOptions { Transport = SampleApi.Create() });

        #region hc-base-url
        client.BaseUrl = new Uri("https://api.example.test/v1");   // no trailing slash needed
        var response = await client.GetAsync("/users/42");         // https://api.example.test/v1/users/42
        #endregion

        response.Request.Url.ShouldBe(new Uri("https://api.example.test/v1/users/42"));
    }

    [Test]
    public async Task Query_FromParams()
    {
        using var client = SampleApi.Client(SampleApi.Create());

        #region hc-query
        var response = await client.GetAsync("search", new RequestOptions
        {
            Params = new() { { "q", "c# & .net" }, { "tag", "a" }, { "tag", "b" } },
        });
        // GET /v1/search?q=c%23%20%26%20.net&tag=a&tag=b
        #endregion

        response.Request.Url.Query.ShouldBe("?q=c%23%20%26%20.net&tag=a&tag=b");
    }

    [Test]
    public async Task Timeouts_FourPhases_AndTyped()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        string? seen = null;

        #region hc-timeouts
        client.Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) { Connect = TimeSpan.FromSeconds(2) };
        try
        {
            var report = await client.GetAsync("slow", new RequestOptions { Timeouts = new Timeouts(TimeSpan.FromMinutes(2)) });
        }
        catch (ConnectTimeoutException e)
        {
            seen = $"could not connect in time to {e.Request?.Url.Host}";
        }
        catch (ReadTimeoutException e)
        {
            seen = $"no answer in time from {e.Request?.Url}";
        }
        #endregion

        seen.ShouldBe("no answer in time from https://api.example.test/v1/slow");
    }

    [Test]
    public async Task Redirects_OffByDefault()
    {
        using var client = SampleApi.Client(SampleApi.Create());

        #region hc-redirects
        var moved = await client.GetAsync("old");                   // 301: not followed by default
        var followed = await client.GetAsync("old", new RequestOptions { FollowRedirects = true });
        var firstHop = followed.History[0].StatusCode;              // 301
        #endregion

        moved.StatusCode.ShouldBe(301);
        moved.NextRequest!.Url.ShouldBe(new Uri("https://api.example.test/v1/users/1"));
        followed.Json<User>().ShouldBe(new User(1, "Ada"));
        firstHop.ShouldBe(301);
    }

    [Test]
    public async Task Streaming_HeadFirst()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        long total = 0;

        #region hc-streaming
        await using var response = await client.StreamAsync("GET", "log");  // HttpCompletionOption.ResponseHeadersRead
        response.EnsureSuccess();
        await foreach (ReadOnlyMemory<byte> chunk in response.IterBytesAsync())
        {
            total += chunk.Length;
        }
        #endregion

        total.ShouldBe(21);
    }

    [Test]
    public async Task HttpClient_OverCourierTransports()
    {
        #region hc-handlers
        var mock = new MockTransport();
        mock.Get("/users/42").Respond(MockResponse.Json(new { id = 42, name = "Ada" }));

        using var http = new HttpClient(mock) { BaseAddress = new Uri("https://api.test/") };
        var user = await http.GetFromJsonAsync<User>("users/42");
        #endregion

        user.ShouldBe(new User(42, "Ada"));
    }

    [Test]
    public async Task HttpClientFactory_WithMockTransport()
    {
        var mock = new MockTransport();
        mock.Get("/users/42").Respond(MockResponse.Json(new { id = 42, name = "Ada" }));

        #region hc-factory
        var services = new ServiceCollection();
        services.AddHttpClient("users", c => c.BaseAddress = new Uri("https://users.test/")).AddMockTransport(mock);
        using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        var user = await http.GetFromJsonAsync<User>("users/42");
        #endregion

        user.ShouldBe(new User(42, "Ada"));
        mock.Routes[0].CallCount.ShouldBe(1);
    }
}
