using Courier;
using Courier.Mocking;
using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace DocsSnippets;

#region httpx-custom-auth
public sealed class ApiKeyAuth(string key) : Auth
{
    public override async ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        request.Headers["X-Api-Key"] = key;                 // request.headers["X-Api-Key"] = self.key
        return await send(request, cancellationToken);      // response = yield request
    }
}
#endregion

/// <summary>The Courier side of docs/migration/from-httpx.md.</summary>
[Category("Docs")]
public sealed class FromHttpxSnippets
{
    [Test]
    public void ClientOptions_AsHttpxClientArguments()
    {
        #region httpx-client
        using var client = new Client(new ClientOptions
        {
            BaseUrl = new Uri("https://api.example.test/v1/"),
            Headers = new() { { "User-Agent", "my-app/1.0" } },
            Params = new() { ["api-version"] = "2" },
            Cookies = new Dictionary<string, string> { ["tz"] = "UTC" },
            Auth = new BasicAuth("alice", "s3cret"),
            Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) { Connect = TimeSpan.FromSeconds(5) },
            Limits = new Limits { MaxConnections = 50, KeepAliveExpiry = TimeSpan.FromSeconds(30) },
            Http2 = true,
            FollowRedirects = true,
            MaxRedirects = 5,
            Retries = 2,
            TrustEnv = false,
        });
        #endregion

        client.Settings.Timeouts.Connect.ShouldBe(TimeSpan.FromSeconds(5));
        client.Settings.Timeouts.Read.ShouldBe(TimeSpan.FromSeconds(10));
        client.Settings.MaxRedirects.ShouldBe(5);
        client.Settings.Http2.ShouldBeTrue();
    }

    [Test]
    public async Task Requests_WithParamsHeadersAndBodies()
    {
        using var client = SampleApi.Client(SampleApi.Create());

        #region httpx-requests
        var search = await client.GetAsync("search", new RequestOptions
        {
            Params = new() { ["q"] = "cats" },
            Headers = new() { { "Accept", "application/json" } },
        });
        var created = await client.PostAsync("users", Body.Json(new { name = "Ada" }));
        var login = await client.PostAsync("login", Body.Form([new("user", "ada"), new("remember", "yes")]));
        var upload = await client.PostAsync("upload", Body.Multipart(new MultipartForm()
            .Field("title", "report")
            .File("data", "notes.csv", "a,b\n"u8.ToArray(), "text/csv")));
        var raw = await client.PutAsync("blob", Body.Bytes(new byte[] { 1, 2, 3 }));
        var custom = await client.RequestAsync("PROPFIND", "files", options: new RequestOptions
        {
            Timeouts = new Timeouts(TimeSpan.FromSeconds(30)),
            FollowRedirects = true,
        });
        #endregion

        search.Json<Echo>()!.Url.ShouldBe("https://api.example.test/v1/search?q=cats");
        created.StatusCode.ShouldBe(201);
        created.Json<User>().ShouldBe(new User(7, "Ada"));
        login.Json<Echo>()!.Body.ShouldBe("user=ada&remember=yes");
        upload.Json<Echo>()!.ContentType.ShouldStartWith("multipart/form-data");
        raw.Json<Echo>()!.Method.ShouldBe("PUT");
        custom.Json<Echo>()!.Method.ShouldBe("PROPFIND");
    }

    [Test]
    public async Task Response_Attributes()
    {
        using var client = SampleApi.Client(SampleApi.Create());

        #region httpx-response
        var response = await client.GetAsync("users/42");
        int status = response.StatusCode;                    // r.status_code
        string reason = response.ReasonPhrase;               // r.reason_phrase
        string? type = response.Headers["Content-Type"];     // r.headers["content-type"]
        string text = response.Text;                         // r.text
        ReadOnlyMemory<byte> bytes = response.Content;       // r.content
        User? user = response.Json<User>();                  // r.json()
        Uri url = response.Request.Url;                      // r.url
        TimeSpan elapsed = response.Elapsed;                 // r.elapsed
        bool ok = response.IsSuccess;                        // r.is_success
        response.EnsureSuccess();                            // r.raise_for_status()
        #endregion

        (status, reason, type, ok).ShouldBe((200, "OK", "application/json", true));
        text.ShouldBe("""{"id":42,"name":"Ada"}""");
        bytes.Length.ShouldBe(text.Length);
        user.ShouldBe(new User(42, "Ada"));
        url.ShouldBe(new Uri("https://api.example.test/v1/users/42"));
        elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
    }

    [Test]
    public async Task Errors_AreTyped()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        string? seen = null;

        #region httpx-errors
        try
        {
            var response = await client.GetAsync("missing");
            response.EnsureSuccess();                        // httpx.HTTPStatusError
        }
        catch (HttpStatusException e)
        {
            seen = $"{e.Response.StatusCode} for {e.Request.Url}";
        }
        catch (HttpTimeoutException e)                       // httpx.TimeoutException
        {
            seen = $"timed out: {e.Request?.Url}";
        }
        catch (RequestException e)                           // httpx.RequestError
        {
            seen = $"{e.GetType().Name}: {e.Message}";
        }
        #endregion

        seen.ShouldBe("404 for https://api.example.test/v1/missing");
    }

    [Test]
    public async Task Streaming_Lines()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        var lines = new List<string>();

        #region httpx-streaming
        await using var response = await client.StreamAsync("GET", "log");
        await foreach (var line in response.ReadLinesAsync())
        {
            lines.Add(line);
        }
        #endregion

        lines.ShouldBe(["line 1", "line 2", "line 3"]);
    }

    [Test]
    public void Sync_TheSameClient()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        var lines = new List<string>();

        #region httpx-sync
        var user = client.Get("users/42").EnsureSuccess().Json<User>();
        using var stream = client.Stream("GET", "log");
        foreach (var line in stream.ReadLines())
        {
            lines.Add(line);
        }
        #endregion

        user.ShouldBe(new User(42, "Ada"));
        lines.Count.ShouldBe(3);
    }

    [Test]
    public async Task EventHooks_RaiseOnEveryError()
    {
        using var client = SampleApi.Client(SampleApi.Create());
        var log = new List<string>();

        #region httpx-hooks
        client.EventHooks = EventHooks.OnRequest(r => log.Add($"> {r.Method} {r.Url}"))
            .Add(EventHooks.OnResponse(r => r.EnsureSuccess()));
        #endregion

        await Should.ThrowAsync<HttpStatusException>(() => client.GetAsync("missing"));
        log.ShouldBe(["> GET https://api.example.test/v1/missing"]);
    }

    [Test]
    public async Task Auth_PerClientPerRequestAndCustom()
    {
        var mock = SampleApi.Create();
        using var client = SampleApi.Client(mock);

        #region httpx-auth
        var basic = await client.GetAsync("me", new RequestOptions { Auth = new BasicAuth("alice", "s3cret") });
        var digest = await client.GetAsync("me", new RequestOptions { Auth = new DigestAuth("alice", "s3cret") });
        var function = await client.GetAsync("me", new RequestOptions { Auth = new FunctionAuth(r => r.Headers["X-Sig"] = "abc") });
        var custom = await client.GetAsync("me", new RequestOptions { Auth = new ApiKeyAuth("k-123") });
        #endregion

        basic.Json<Echo>()!.Headers["Authorization"].ShouldBe("Basic YWxpY2U6czNjcmV0");
        digest.Json<Echo>()!.Headers.ShouldNotContainKey("Authorization"); // no challenge from this server
        function.Json<Echo>()!.Headers["X-Sig"].ShouldBe("abc");
        custom.Json<Echo>()!.Headers["X-Api-Key"].ShouldBe("k-123");
    }

    [Test]
    public async Task MockTransport_AsHttpxMockTransport()
    {
        #region httpx-mock-transport
        var transport = new MockTransport(request => request.Url.AbsolutePath == "/ping"
            ? new Response(200, Body.Json(new { ok = true }))
            : new Response(404));
        using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("https://api.test") });
        var pong = await client.GetAsync("/ping");
        #endregion

        pong.Text.ShouldBe("""{"ok":true}""");
        (await client.GetAsync("/other")).StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task TestServerTransport_AsAsgiTransport()
    {
        #region httpx-asgi
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/", () => "Hello World");
        await app.StartAsync();

        await using var client = app.CreateCourierClient();
        var response = await client.GetAsync("/");
        #endregion

        response.Text.ShouldBe("Hello World");
    }

    [Test]
    public async Task Mounts_RouteByUrlPattern()
    {
        #region httpx-mounts
        using var client = new Client(new ClientOptions
        {
            Mounts = new Dictionary<string, HttpMessageHandler>
            {
                ["https://internal.example.test"] = new HttpTransport(new ClientOptions { Verify = false }),
                ["http://*.mock.test"] = new MockTransport(r => new Response(200, Body.Text("mocked"))),
            },
            Proxy = new Uri("http://proxy.internal.test:3128"),
        });
        #endregion

        (await client.GetAsync("http://api.mock.test/x")).Text.ShouldBe("mocked");
    }

    /// <summary>Compiled, not run: it would reach the network.</summary>
    internal static async Task OneOffCalls()
    {
        #region httpx-one-off
        var page = await Http.GetAsync("https://www.example.org/");
        var posted = Http.Post("https://httpbin.example.test/post", Body.Json(new { a = 1 }));
        var any = await Http.RequestAsync("DELETE", "https://api.example.test/items/3");
        #endregion

        GC.KeepAlive((page, posted, any));
    }
}

/// <summary>What the sample API's catch-all route echoes back.</summary>
public sealed record Echo(string Method, string Url, string? ContentType, string Body, Dictionary<string, string> Headers);
