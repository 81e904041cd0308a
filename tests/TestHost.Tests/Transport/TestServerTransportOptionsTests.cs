using System.Net;
using System.Text.Json;
using Courier.TestHost;
using Courier.TestHostTests.Contract;
using Courier.TestUtils;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Courier.TestHostTests.Transport;

/// <summary>httpx's ASGITransport options (raise_app_exceptions, root_path, client) and the HTTP version option.</summary>
public sealed class TestServerTransportOptionsTests
{
    private InProcessHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await SampleHost.StartInProcessAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private Client CreateClient(TestServerTransportOptions options, ClientOptions? clientOptions = null) =>
        new((clientOptions ?? new ClientOptions()) with { Transport = _host.CreateTransport(options), BaseUrl = new Uri("http://localhost/") });

    [Test]
    public async Task RaiseAppExceptions_Default_AppExceptionReachesCallerAsItself()
    {
        await using var client = CreateClient(TestServerTransportOptions.Default);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/throw"));

        ex.Message.ShouldBe("sample failure");
    }

    [Test]
    public async Task RaiseAppExceptions_Default_AfterResponseStarted_BodyReadThrowsTheAppException()
    {
        await using var client = CreateClient(TestServerTransportOptions.Default);

        await using var response = await client.StreamAsync("GET", "/throw-after-start");
        var ex = await Should.ThrowAsync<InvalidOperationException>(async () => await response.ReadBytesAsync());

        response.StatusCode.ShouldBe(200);
        ex.Message.ShouldBe("sample failure after start");
    }

    [Test]
    public async Task RaiseAppExceptions_False_Returns500WithEmptyBody_AndContentLengthZero()
    {
        await using var client = CreateClient(new TestServerTransportOptions { RaiseAppExceptions = false });

        var response = await client.GetAsync("/throw");

        response.StatusCode.ShouldBe(500);
        response.Content.Length.ShouldBe(0);
        response.Headers["Content-Length"].ShouldBe("0");
    }

    [Test]
    public async Task RaiseAppExceptions_False_AfterResponseStarted_BodyEndsEarly_RemoteProtocol()
    {
        await using var client = CreateClient(new TestServerTransportOptions { RaiseAppExceptions = false });

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/throw-after-start"));

        ex.Request!.Url.AbsolutePath.ShouldBe("/throw-after-start");
    }

    [Test]
    public async Task SynchronousIO_InTheApp_IsRefused_AsOnKestrel()
    {
        await using var client = CreateClient(TestServerTransportOptions.Default);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/sync-io"));

        ex.Message.ShouldContain("Synchronous operations are disallowed");
    }

    [Test]
    public async Task ContentLength_TheAppWroteAsText_ReachesAPlainHttpClientAsKestrelSendsIt()
    {
        // Kestrel sends the length it parsed ("012" goes out as 12); the transport hands the parsed number on, so a
        // plain HttpClient (which keeps header text as it came) sees what it would over the network.
        using var http = new HttpClient(_host.CreateTransport()) { BaseAddress = new Uri("http://localhost/") };

        using var response = await http.GetAsync(new Uri("/cl-text", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        response.Content.Headers.NonValidated["Content-Length"].ToString().ShouldBe("12");
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello world!");
    }

    [Test]
    public async Task RootPath_SplitsPathBaseFromPath()
    {
        await using var client = CreateClient(new TestServerTransportOptions { RootPath = "/api/v1" });

        var inside = (await client.GetAsync("/api/v1/info")).Json<JsonElement>();
        var outside = (await client.GetAsync("/info")).Json<JsonElement>();

        inside.GetProperty("pathBase").GetString().ShouldBe("/api/v1");
        inside.GetProperty("path").GetString().ShouldBe("/info");
        outside.GetProperty("pathBase").GetString().ShouldBe(string.Empty);
        outside.GetProperty("path").GetString().ShouldBe("/info");
    }

    [Test]
    public async Task ClientAddress_Default_Is127001Port123_AsInHttpx()
    {
        await using var client = CreateClient(TestServerTransportOptions.Default);

        var info = (await client.GetAsync("/info")).Json<JsonElement>();

        info.GetProperty("remoteIp").GetString().ShouldBe("127.0.0.1");
        info.GetProperty("remotePort").GetInt32().ShouldBe(123);
    }

    [Test]
    public async Task ClientAddress_Custom_IsWhatTheAppSees()
    {
        await using var client = CreateClient(new TestServerTransportOptions { ClientAddress = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000) });

        var info = (await client.GetAsync("/info")).Json<JsonElement>();

        info.GetProperty("remoteIp").GetString().ShouldBe("203.0.113.7");
        info.GetProperty("remotePort").GetInt32().ShouldBe(40000);
    }

    [Test]
    public void Options_Invalid_ListEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => _host.CreateTransport(new TestServerTransportOptions { RootPath = "api", HttpVersion = new Version(4, 0) }));

        ex.Message.ShouldContain("RootPath");
        ex.Message.ShouldContain("HttpVersion");
    }

    [Test]
    public async Task HttpVersion2_AppSeesHttp2_ResponseReportsHttp2_SameAsKestrelH2c()
    {
        await using var inProcess = CreateClient(new TestServerTransportOptions { HttpVersion = HttpVersion.Version20 });
        await using var kestrel = await LoopbackServer.StartAsync(app => Sample.SampleApp.Map(app, new Sample.AppProbe()), HttpProtocols.Http2);
        await using var network = new Client(new ClientOptions { BaseUrl = kestrel.Url, Http1 = false, Http2 = true });

        foreach (var client in new[] { inProcess, network })
        {
            var response = await client.GetAsync("/info");

            response.HttpVersion.ShouldBe("HTTP/2");
            response.Json<JsonElement>().GetProperty("protocol").GetString().ShouldBe("HTTP/2");
        }
    }

    [Test]
    public async Task CreateCourierClient_Http2Only_PresentsRequestsAsHttp2()
    {
        await using var client = _host.App.CreateCourierClient(new ClientOptions { Http1 = false, Http2 = true });

        var response = await client.GetAsync("/info");

        response.HttpVersion.ShouldBe("HTTP/2");
        response.Json<JsonElement>().GetProperty("protocol").GetString().ShouldBe("HTTP/2");
    }
}
