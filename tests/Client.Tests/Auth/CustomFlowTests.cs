using System.Collections.Concurrent;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

/// <summary>The Auth base class as an extension point, and how flows meet streaming and event hooks.</summary>
public class CustomFlowTests
{
    [Test]
    public async Task CustomFlow_RequiresResponseBody_ReadsTheChallengeBodyEvenWhenStreaming()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/data", (HttpContext ctx) =>
            ctx.Request.Headers["X-Answer"] == "42"
                ? Results.Text("the data")
                : Results.Json(new { question = "6*7" }, statusCode: 401)));
        using var client = new Client(new ClientOptions { Auth = new BodyChallengeAuth() });

        await using var response = await client.StreamAsync("GET", server.At("/data"));

        response.StatusCode.ShouldBe(200);
        (await response.ReadTextAsync()).ShouldBe("the data");
        response.History.Single().Text.ShouldContain("6*7");
    }

    [Test]
    public async Task Digest_StreamedResponse_TheAnsweredOneStreams()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        await using var response = await client.StreamAsync("GET", server.At("/stream"));

        response.IsRead.ShouldBeFalse();
        (await response.ReadTextAsync()).ShouldBe("welcome alice");
        response.History.Single().StatusCode.ShouldBe(401);
    }

    [Test]
    public async Task Digest_EventHooks_SeeEveryHopOfTheFlow()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        var seen = new ConcurrentQueue<string>();
        using var client = new Client(new ClientOptions
        {
            Auth = new DigestAuth("alice", "wonder land"),
            EventHooks = EventHooks.OnRequest(r => seen.Enqueue("request " + (r.Headers.Contains("Authorization") ? "with auth" : "bare")))
                .Add(EventHooks.OnResponse(r => seen.Enqueue("response " + r.StatusCode))),
        });

        await client.GetAsync(server.At("/"));

        seen.ToArray().ShouldBe(["request bare", "response 401", "request with auth", "response 200"]);
    }

    [Test]
    public async Task BasicAuth_Unauthorized_IsNotRetried()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new BasicAuth("alice", "wonder land") });

        (await client.GetAsync(server.At("/"))).StatusCode.ShouldBe(401);

        server.Requests.ShouldBe(1);
    }

    /// <summary>Answers a question the server puts in the 401's JSON body: needs the response body, so it says so.</summary>
    private sealed class BodyChallengeAuth : Courier.Auth
    {
        public override bool RequiresResponseBody => true;

        public override async ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
        {
            var response = await send(request, cancellationToken);
            if (response.StatusCode != 401 || !response.Text.Contains("6*7", StringComparison.Ordinal))
            {
                return response;
            }

            await response.DisposeAsync();
            request.Headers["X-Answer"] = "42";
            return await send(request, cancellationToken);
        }
    }
}
