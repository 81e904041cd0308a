using System.Collections.Concurrent;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

/// <summary>Credentials stay with their origin: never sent to another origin after a redirect, nor over https→http.</summary>
public class AuthRedirectTests
{
    private static IEnumerable<TestCaseData> PreemptiveAuths()
    {
        yield return new TestCaseData(new BasicAuth("alice", "secret")).SetName("Redirect_ToOtherOrigin_DropsBasicAuth");
        yield return new TestCaseData(new BearerAuth("tok-123")).SetName("Redirect_ToOtherOrigin_DropsBearerAuth");
        yield return new TestCaseData(new FunctionAuth(r => r.Headers["Authorization"] = "Custom xyz")).SetName("Redirect_ToOtherOrigin_DropsFunctionAuth");
        yield return new TestCaseData(NetrcAuth.FromText("default login alice password secret")).SetName("Redirect_ToOtherOrigin_DropsNetrcAuth");
    }

    [TestCaseSource(nameof(PreemptiveAuths))]
    public async Task Redirect_ToOtherOrigin_DropsAuthorization(Courier.Auth auth)
    {
        var seen = new ConcurrentQueue<string>();
        await using var other = await Recorder(seen);
        await using var origin = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/same", (HttpContext ctx) => Results.Redirect("/echo"));
            app.MapGet("/echo", (HttpContext ctx) => ctx.Request.Headers.Authorization.ToString());
            app.MapGet("/away", () => Results.Redirect(other.At("/landed")));
        });
        using var client = new Client(new ClientOptions { Auth = auth, FollowRedirects = true });

        var same = await client.GetAsync(origin.At("/same"));
        var away = await client.GetAsync(origin.At("/away"));

        same.Text.ShouldNotBeEmpty("a same-origin redirect keeps the credentials");
        away.StatusCode.ShouldBe(200);
        away.History.Count.ShouldBe(1);
        seen.ToArray().ShouldBe([string.Empty], "the other origin (another port) got no Authorization header");
    }

    [Test]
    public async Task Redirect_HttpsToHttpSameHost_WhenAllowed_DropsAuthorization()
    {
        var seen = new ConcurrentQueue<string>();
        await using var plain = await Recorder(seen);
        await using var secure = await LoopbackServer.StartAsync(
            app => app.MapGet("/down", () => Results.Redirect(plain.At("/landed"))),
            certificate: TestCertificates.Server);
        using var client = new Client(new ClientOptions { Auth = new BasicAuth("alice", "secret"), Verify = false, FollowRedirects = true, AllowDowngradeRedirects = true });

        var response = await client.GetAsync(secure.At("/down"));

        secure.Url.Scheme.ShouldBe("https");
        response.StatusCode.ShouldBe(200);
        seen.ShouldBe([string.Empty]);
    }

    [Test]
    public async Task Redirect_HttpsToHttp_ByDefault_IsNotFollowed_ZeroPlaintextConnects()
    {
        var seen = new ConcurrentQueue<string>();
        await using var plain = await Recorder(seen);
        await using var secure = await LoopbackServer.StartAsync(
            app => app.MapGet("/down", () => Results.Redirect(plain.At("/landed"))),
            certificate: TestCertificates.Server);
        using var client = new Client(new ClientOptions { Auth = new BasicAuth("alice", "secret"), Verify = false, FollowRedirects = true });

        var response = await client.GetAsync(secure.At("/down"));

        response.StatusCode.ShouldBe(302);
        response.NextRequest.ShouldNotBeNull().Url.ShouldBe(new Uri(plain.At("/landed")));
        plain.ConnectionsAccepted.ShouldBe(0);
        seen.ShouldBeEmpty();
    }

    [Test]
    public async Task Digest_ChallengeFromAnotherOriginAfterRedirect_IsNotAnswered()
    {
        await using var other = await DigestTestServer.StartAsync(new());
        await using var origin = await LoopbackServer.StartAsync(app => app.MapGet("/away", () => Results.Redirect(other.At("/protected"))));
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land"), FollowRedirects = true });

        var response = await client.GetAsync(origin.At("/away"));

        response.StatusCode.ShouldBe(401);
        other.Requests.ShouldBe(1);
        other.Authorizations.ShouldBeEmpty();
    }

    [Test]
    public async Task Digest_RememberedChallenge_IsNotSentUpFrontToAnotherOrigin()
    {
        await using var first = await DigestTestServer.StartAsync(new());
        var seen = new ConcurrentQueue<string>();
        await using var second = await Recorder(seen);
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        (await client.GetAsync(first.At("/"))).StatusCode.ShouldBe(200);

        await client.GetAsync(second.At("/other"));

        seen.ShouldBe([string.Empty]);
    }

    private static Task<LoopbackServer> Recorder(ConcurrentQueue<string> seen) =>
        LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            seen.Enqueue(ctx.Request.Headers.Authorization.ToString());
            return ctx.Response.WriteAsync("landed");
        }));
}
