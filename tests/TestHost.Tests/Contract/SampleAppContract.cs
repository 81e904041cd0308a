using System.Diagnostics;
using System.Text.Json;
using Courier.TestHost;

namespace Courier.TestHostTests.Contract;

/// <summary>
/// One suite, two hosts: every test here runs once in-process (<see cref="InProcessSampleAppTests"/>) and once
/// against the same app on Kestrel (<see cref="KestrelSampleAppTests"/>), with the same client options and the same
/// assertions. The in-process host uses <c>RaiseAppExceptions = false</c>, the server-like mode.
/// </summary>
public abstract partial class SampleAppContract
{
    /// <summary>Generous for a loaded 2-core machine; speed belongs in bench/.</summary>
    protected static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private SampleHost _host = null!;

    protected SampleHost Host => _host;

    protected abstract Task<SampleHost> StartHostAsync();

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await StartHostAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    protected Client CreateClient(ClientOptions? options = null) => _host.CreateClient(options);

    protected static string NewId() => Guid.NewGuid().ToString("N");

    [Test]
    public async Task Json_GetAndPost_RoundTrip()
    {
        await using var client = CreateClient();

        var get = await client.GetAsync("/json");
        var post = await client.PostAsync("/echo-json", Body.Json(new { n = 42 }));

        get.StatusCode.ShouldBe(200);
        get.Headers["Content-Type"].ShouldStartWith("application/json");
        get.Json<JsonElement>().GetProperty("items").GetArrayLength().ShouldBe(3);
        var echoed = post.Json<JsonElement>();
        echoed.GetProperty("received").GetProperty("n").GetInt32().ShouldBe(42);
        echoed.GetProperty("contentType").GetString().ShouldBe("application/json");
    }

    [Test]
    public async Task Redirects_FollowedWithHistory()
    {
        await using var client = CreateClient(new ClientOptions { FollowRedirects = true });

        var response = await client.GetAsync("/redirect/3");

        response.Text.ShouldBe("arrived");
        response.History.Select(r => r.StatusCode).ShouldBe([302, 302, 302]);
        response.Request.Url.AbsolutePath.ShouldBe("/redirect/0");
    }

    [Test]
    public async Task Redirect_303_RewritesPostToGet()
    {
        await using var client = CreateClient(new ClientOptions { FollowRedirects = true });

        var response = await client.PostAsync("/submit", Body.Text("form"));

        response.StatusCode.ShouldBe(200);
        response.Request.Method.ShouldBe("GET");
        response.History.Single().StatusCode.ShouldBe(302);
    }

    [Test]
    public async Task Redirect_NotFollowed_ReturnsRedirectWithNextRequest()
    {
        await using var client = CreateClient();

        var response = await client.GetAsync("/redirect/1");

        response.IsRedirect.ShouldBeTrue();
        response.NextRequest!.Url.AbsolutePath.ShouldBe("/redirect/0");
    }

    [Test]
    public async Task RedirectLoop_ThrowsTooManyRedirects()
    {
        await using var client = CreateClient(new ClientOptions { FollowRedirects = true, MaxRedirects = 5 });

        var ex = await Should.ThrowAsync<TooManyRedirectsException>(() => client.GetAsync("/loop"));

        ex.Request.ShouldNotBeNull();
    }

    [Test]
    public async Task Cookies_SetByResponse_AreSentOnLaterRequests()
    {
        await using var client = CreateClient();

        var set = await client.GetAsync("/cookies/set?flavour=oat&size=large");
        var response = await client.GetAsync("/cookies");

        set.Cookies["flavour"].ShouldBe("oat");
        client.Cookies["flavour"].ShouldBe("oat");
        var cookies = response.Json<Dictionary<string, string>>()!;
        cookies["flavour"].ShouldBe("oat");
        cookies["size"].ShouldBe("large");
    }

    [Test]
    public async Task Auth_ProtectedRoute_401WithoutCredentials_200WithBasicAuth()
    {
        await using var anonymous = CreateClient();
        await using var authed = CreateClient(new ClientOptions { Auth = new BasicAuth(Sample.SampleApp.User, Sample.SampleApp.Password) });

        var denied = await anonymous.GetAsync("/private");
        var allowed = await authed.GetAsync("/private");

        denied.StatusCode.ShouldBe(401);
        denied.Headers["WWW-Authenticate"].ShouldBe("Basic realm=\"sample\"");
        Should.Throw<HttpStatusException>(() => denied.EnsureSuccess()).Response.StatusCode.ShouldBe(401);
        allowed.Json<JsonElement>().GetProperty("user").GetString().ShouldBe(Sample.SampleApp.User);
    }

    [Test]
    public async Task EventHooks_SeeEveryHop()
    {
        var seen = new List<string>();
        var hooks = EventHooks.OnRequest(r => seen.Add($"> {r.Method} {r.Url.AbsolutePath}"))
            .Add(EventHooks.OnResponse(r => seen.Add($"< {r.StatusCode}")));
        await using var client = CreateClient(new ClientOptions { FollowRedirects = true, EventHooks = hooks });

        await client.GetAsync("/redirect/1");

        seen.ShouldBe(["> GET /redirect/1", "< 302", "> GET /redirect/0", "< 200"]);
    }

    [Test]
    public async Task AppThrowsBeforeResponse_Returns500WithEmptyBody()
    {
        await using var client = CreateClient();

        var response = await client.GetAsync("/throw");

        response.StatusCode.ShouldBe(500);
        response.Content.Length.ShouldBe(0);
        Should.Throw<HttpStatusException>(() => response.EnsureSuccess());
    }

    [Test]
    public async Task AppThrowsAfterResponseStarted_BodyReadFails_NeverATruncatedSuccess()
    {
        await using var client = CreateClient();

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/throw-after-start"));
    }

    [Test]
    public async Task Info_ReportsHttp11_OnRequestAndResponse()
    {
        await using var client = CreateClient();

        var response = await client.GetAsync("/info");

        response.HttpVersion.ShouldBe("HTTP/1.1");
        response.Json<JsonElement>().GetProperty("protocol").GetString().ShouldBe("HTTP/1.1");
    }

    [Test]
    public async Task Header_WithTwoValues_ReachesTheAppAsOneFieldLine()
    {
        await using var client = CreateClient();
        var headers = new Headers();
        headers.Add("X-Multi", "a");
        headers.Add("X-Multi", "b");

        var response = await client.GetAsync("/header-lines/X-Multi", new RequestOptions { Headers = headers });

        response.Json<string[]>().ShouldBe(["a, b"]);
    }

    [Test]
    public async Task Urls_ManyDifferentOnes_EachReachesTheAppWithItsOwnPathAndQuery()
    {
        // Called concurrently, four times each (what the client and the transport keep of a URL is kept on its second
        // sighting and used from the third): what they keep never hands one URL's parts to another.
        await using var client = CreateClient();
        var urls = Enumerable.Range(0, 40).Select(i => $"/info?n={i}&x=%2F{i}").ToList();

        var answers = await Task.WhenAll(urls.Concat(urls).Concat(urls).Concat(urls).Select(async url => (url, info: (await client.GetAsync(url)).Json<JsonElement>())));

        foreach (var (url, info) in answers)
        {
            info.GetProperty("path").GetString().ShouldBe("/info");
            info.GetProperty("query").GetString().ShouldBe(url["/info".Length..]);
        }
    }

    protected static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }
}

[TestFixture]
public sealed class InProcessSampleAppTests : SampleAppContract
{
    protected override async Task<SampleHost> StartHostAsync() =>
        await SampleHost.StartInProcessAsync(new TestServerTransportOptions { RaiseAppExceptions = false });
}

[TestFixture]
public sealed class KestrelSampleAppTests : SampleAppContract
{
    protected override async Task<SampleHost> StartHostAsync() => await SampleHost.StartKestrelAsync();
}
