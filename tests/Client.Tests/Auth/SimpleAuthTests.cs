using System.Text;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

/// <summary>Basic, Bearer and function auth against a Kestrel app that echoes what it received.</summary>
public class SimpleAuthTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/echo", (HttpContext ctx) => $"{ctx.Request.Headers.Authorization}|{ctx.Request.Headers["X-Api-Key"]}|{ctx.Request.QueryString}");
        app.MapGet("/basic", (HttpContext ctx) =>
        {
            var header = ctx.Request.Headers.Authorization.ToString();
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("j\u00f6rg:p@ss:w\u00f6rd"));
            return header == expected ? Results.Text("ok") : Results.Text("no", statusCode: 401);
        });
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task BasicAuth_ClientWide_ServerDecodesUtf8Credentials()
    {
        using var client = new Client(new ClientOptions { Auth = new BasicAuth("j\u00f6rg", "p@ss:w\u00f6rd") });

        (await client.GetAsync(_server.At("/basic"))).Text.ShouldBe("ok");
        client.Get(_server.At("/basic")).Text.ShouldBe("ok");
    }

    [Test]
    public async Task BasicAuth_FromUrlUserInfo_IsSentAndNotInTheUrl()
    {
        using var client = new Client();
        var url = _server.Url.ToString().Replace("http://", "http://j%C3%B6rg:p%40ss%3Aw%C3%B6rd@", StringComparison.Ordinal) + "basic";

        var response = await client.GetAsync(url);

        response.Text.ShouldBe("ok");
    }

    [Test]
    public void BasicAuth_UserNameWithColon_IsRejected() =>
        Should.Throw<ArgumentException>(() => new BasicAuth("a:b", "c")).Message.ShouldContain("':'");

    [Test]
    public async Task BearerAuth_SendsToken()
    {
        using var client = new Client(new ClientOptions { Auth = new BearerAuth("tok.en-123") });

        (await client.GetAsync(_server.At("/echo"))).Text.ShouldBe("Bearer tok.en-123||");
    }

    [Test]
    public void BearerAuth_TokenWithNewline_IsRejectedBeforeSending() =>
        Should.Throw<ArgumentException>(() => new BearerAuth("tok\r\nX-Injected: 1")).Message.ShouldContain("CR, LF or NUL");

    [Test]
    public async Task FunctionAuth_SyncEdit_AddsHeader()
    {
        using var client = new Client(new ClientOptions { Auth = new FunctionAuth(r => r.Headers["X-Api-Key"] = "k1") });

        (await client.GetAsync(_server.At("/echo"))).Text.ShouldBe("|k1|");
        client.Get(_server.At("/echo")).Text.ShouldBe("|k1|");
    }

    [Test]
    public async Task FunctionAuth_AsyncEdit_CanAwaitAndSignTheUrl()
    {
        var auth = new FunctionAuth(async (request, ct) =>
        {
            await Task.Delay(1, ct);
            request.Url = new Uri(request.Url + "?sig=" + request.Method.ToLowerInvariant());
        });
        using var client = new Client(new ClientOptions { Auth = auth });

        (await client.GetAsync(_server.At("/echo"))).Text.ShouldBe("||?sig=get");
    }

    [Test]
    public async Task PerRequestAuth_OverridesClientAuth_ForThatRequestOnly()
    {
        using var client = new Client(new ClientOptions { Auth = new BearerAuth("client-token") });

        var own = await client.GetAsync(_server.At("/echo"), new RequestOptions { Auth = new BearerAuth("request-token") });
        var shared = await client.GetAsync(_server.At("/echo"));

        own.Text.ShouldBe("Bearer request-token||");
        shared.Text.ShouldBe("Bearer client-token||");
    }

    [Test]
    public async Task PerRequestAuth_WithoutClientAuth_Works()
    {
        using var client = new Client();

        (await client.GetAsync(_server.At("/echo"), new RequestOptions { Auth = new BasicAuth("a", "b") })).Text.ShouldBe("Basic YTpi||");
        (await client.GetAsync(_server.At("/echo"))).Text.ShouldBe("||");
    }
}
