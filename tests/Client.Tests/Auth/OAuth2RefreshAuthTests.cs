using System.Collections.Concurrent;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

/// <summary>The docs' custom multi-step flow against a Kestrel app with a token endpoint and a protected API.</summary>
public class OAuth2RefreshAuthTests
{
    [Test]
    public async Task OAuth2_FirstRequest_FetchesTokenThenCallsApi()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });

        var response = await client.GetAsync(server.At("/api/me"));

        response.Text.ShouldBe("hello at-1");
        server.TokenCalls.ShouldBe(1);
        server.ApiCalls.ShouldBe(1);
    }

    [Test]
    public async Task OAuth2_ExpiredToken_RefreshesOnceAndRetries()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });
        (await client.GetAsync(server.At("/api/me"))).StatusCode.ShouldBe(200);
        server.Revoke();

        var response = await client.GetAsync(server.At("/api/me"));

        response.Text.ShouldBe("hello at-2");
        server.TokenCalls.ShouldBe(2);
        server.ApiCalls.ShouldBe(3);
        server.RefreshTokensSeen.ToArray().ShouldBe(["rt-0", "rt-1"], "the rotated refresh token is used for the next refresh");
        response.History.Select(r => r.StatusCode).ShouldBe([401, 200]);
    }

    [Test]
    public async Task OAuth2_StillUnauthorizedAfterRefresh_SecondUnauthorizedIsReturned()
    {
        await using var server = await TokenServer.StartAsync(rejectEverything: true);
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });

        var response = await client.GetAsync(server.At("/api/me"));

        response.StatusCode.ShouldBe(401);
        server.ApiCalls.ShouldBe(2, "one retry, no loop");
    }

    [Test]
    public async Task OAuth2_RetriedPost_ResendsTheWholeBody()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });
        (await client.GetAsync(server.At("/api/me"))).StatusCode.ShouldBe(200);
        server.Revoke();

        var response = await client.PostAsync(server.At("/api/items"), Body.Json(new { name = "n", size = 3 }));

        response.Text.ShouldBe("stored {\"name\":\"n\",\"size\":3}");
        server.Bodies.ToArray().ShouldBe(["{\"name\":\"n\",\"size\":3}", "{\"name\":\"n\",\"size\":3}"]);
    }

    [Test]
    public async Task OAuth2_OneShotStreamBody_ThrowsBeforeAnythingIsSent()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream();

        var error = await Should.ThrowAsync<RequestException>(() => client.PostAsync(server.At("/api/items"), Body.Stream(pipe)));

        error.Message.ShouldContain("OAuth2RefreshAuth must be able to re-send the body");
        server.ApiCalls.ShouldBe(0);
        server.TokenCalls.ShouldBe(0);
    }

    [Test]
    public async Task OAuth2_ConcurrentRequestsAfterExpiry_ShareOneRefresh()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });
        (await client.GetAsync(server.At("/api/me"))).StatusCode.ShouldBe(200);
        server.Revoke();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetAsync(server.At("/api/me"))));

        responses.ShouldAllBe(r => r.Text == "hello at-2");
        server.TokenCalls.ShouldBe(2);
    }

    [Test]
    public async Task OAuth2_SyncApi_Works()
    {
        await using var server = await TokenServer.StartAsync();
        using var client = new Client(new ClientOptions { Auth = server.CreateAuth() });

        client.Get(server.At("/api/me")).Text.ShouldBe("hello at-1");
        server.Revoke();
        client.Get(server.At("/api/me")).Text.ShouldBe("hello at-2");
    }

    /// <summary>A token endpoint (refresh_token grant, rotating refresh tokens) and an API that accepts only the newest access token.</summary>
    private sealed class TokenServer : IAsyncDisposable
    {
        private LoopbackServer _server = null!;
        private int _issued;
        private int _tokenCalls;
        private int _apiCalls;
        private string? _valid;

        public int TokenCalls => Volatile.Read(ref _tokenCalls);

        public int ApiCalls => Volatile.Read(ref _apiCalls);

        public ConcurrentQueue<string> RefreshTokensSeen { get; } = new();

        public ConcurrentQueue<string> Bodies { get; } = new();

        public static async Task<TokenServer> StartAsync(bool rejectEverything = false)
        {
            var self = new TokenServer();
            self._server = await LoopbackServer.StartAsync(app =>
            {
                app.MapPost("/oauth/token", async (HttpContext ctx) =>
                {
                    Interlocked.Increment(ref self._tokenCalls);
                    var form = await ctx.Request.ReadFormAsync();
                    if (form["grant_type"] != "refresh_token" || form["client_id"] != "app-1" || form["refresh_token"] != $"rt-{self._issued}")
                    {
                        return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
                    }

                    RefreshSeen(self, form["refresh_token"]!);
                    var n = Interlocked.Increment(ref self._issued);
                    self._valid = rejectEverything ? null : $"at-{n}";
                    return Results.Json(new { access_token = $"at-{n}", refresh_token = $"rt-{n}", token_type = "Bearer" });
                });
                app.Map("/api/{**rest}", async (HttpContext ctx) =>
                {
                    Interlocked.Increment(ref self._apiCalls);
                    using var reader = new StreamReader(ctx.Request.Body);
                    var body = await reader.ReadToEndAsync();
                    if (body.Length > 0)
                    {
                        self.Bodies.Enqueue(body);
                    }

                    var token = self._valid;
                    if (token is null || ctx.Request.Headers.Authorization != $"Bearer {token}")
                    {
                        ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                        return Results.Text("expired", statusCode: 401);
                    }

                    return Results.Text(body.Length > 0 ? "stored " + body : "hello " + token);
                });
            });
            return self;
        }

        public OAuth2RefreshAuth CreateAuth() => new(new Uri(_server.Url, "/oauth/token"), "app-1", "rt-0");

        public void Revoke() => _valid = null;

        public string At(string path) => _server.At(path);

        public ValueTask DisposeAsync() => _server.DisposeAsync();

        private static void RefreshSeen(TokenServer self, string token) => self.RefreshTokensSeen.Enqueue(token);
    }
}
