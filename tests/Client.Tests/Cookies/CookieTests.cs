using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Cookies;

public class CookieTests
{
    [Test]
    public async Task Jar_KeepsSetCookie_AcrossRequests_WithPathSecureAndExpiryRules()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/set", (HttpContext ctx) =>
            {
                ctx.Response.Headers.Append("Set-Cookie", "plain=1; Path=/");
                ctx.Response.Headers.Append("Set-Cookie", "scoped=2; Path=/api");
                ctx.Response.Headers.Append("Set-Cookie", "secure=3; Path=/; Secure");
                ctx.Response.Headers.Append("Set-Cookie", "gone=4; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
                ctx.Response.Headers.Append("Set-Cookie", "foreign=5; Path=/; Domain=other.test");
                return "set";
            });
            app.MapGet("/delete", (HttpContext ctx) =>
            {
                ctx.Response.Headers.Append("Set-Cookie", "plain=; Path=/; Max-Age=0");
                return "deleted";
            });
            app.MapEcho();
        });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var set = await client.GetAsync("/set");

        set.Cookies.Select(c => c.Name).ShouldBe(["plain", "scoped", "secure"], ignoreOrder: true);
        Seen.From(await client.GetAsync("/echo")).Header("Cookie").ShouldBe("plain=1");
        Seen.From(await client.GetAsync("/api/echo")).Header("Cookie").ShouldBe("scoped=2; plain=1");
        client.Cookies["gone"].ShouldBeNull();
        client.Cookies["foreign"].ShouldBeNull();

        await client.GetAsync("/delete");
        Seen.From(await client.GetAsync("/echo")).Header("Cookie").ShouldBeNull();
    }

    [Test]
    public async Task PerRequestCookies_AreSentButNotStored()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Cookies = new Dictionary<string, string> { ["everywhere"] = "e" } });

        var seen = Seen.From(await client.GetAsync("/", new() { Cookies = new Dictionary<string, string> { ["once"] = "o" } }));

        seen.Header("Cookie").ShouldBe("everywhere=e; once=o");
        Seen.From(await client.GetAsync("/")).Header("Cookie").ShouldBe("everywhere=e");
    }

    [Test]
    public async Task Domain_HostOnly_AndSecure_FollowRfc6265()
    {
        var seen = new List<Request>();
        using var client = Echo.MockClient(r =>
        {
            seen.Add(r);
            return r.Url.AbsolutePath == "/set"
                ? new Response(200, headers: new() { { "Set-Cookie", "wide=1; Domain=example.test; Path=/" }, { "Set-Cookie", "host=2; Path=/" }, { "Set-Cookie", "tls=3; Path=/; Secure" } })
                : new Response(200);
        });

        await client.GetAsync("https://a.example.test/set");
        await client.GetAsync("https://a.example.test/x");
        await client.GetAsync("https://b.example.test/x");
        await client.GetAsync("http://a.example.test/x");
        await client.GetAsync("https://elsewhere.test/x");

        seen[1].Headers["Cookie"]!.Split("; ").ShouldBe(["wide=1", "host=2", "tls=3"], ignoreOrder: true);
        seen[2].Headers["Cookie"].ShouldBe("wide=1");
        seen[3].Headers["Cookie"]!.Split("; ").ShouldBe(["wide=1", "host=2"], ignoreOrder: true);
        seen[4].Headers.Contains("Cookie").ShouldBeFalse();
    }

    [Test]
    public async Task CookieSetDuringARedirect_IsSentOnTheNextSameOriginHop()
    {
        var seen = new List<Request>();
        using var client = Echo.MockClient(
            r =>
            {
                seen.Add(r);
                return r.Url.AbsolutePath == "/login"
                    ? new Response(302, headers: new() { { "Location", "/home" }, { "Set-Cookie", "session=abc; Path=/" } })
                    : new Response(200);
            },
            new ClientOptions { FollowRedirects = true });

        await client.GetAsync("https://a.test/login");

        seen[1].Headers["Cookie"].ShouldBe("session=abc");
    }

    [Test]
    public async Task ExplicitCookieHeader_IsNotOverwrittenByTheJar()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, new ClientOptions { Cookies = new Dictionary<string, string> { ["jar"] = "1" } });
        await client.GetAsync("https://a.test/", new() { Headers = new() { { "Cookie", "mine=2" } } });
        seen[0].Headers["Cookie"].ShouldBe("mine=2");
    }

    [Test]
    public async Task Clear_EmptiesTheJar_CountIsZero_AndNothingIsSent()
    {
        var seen = new List<Request>();
        using var client = Echo.MockClient(
            r =>
            {
                seen.Add(r);
                return r.Url.AbsolutePath == "/login"
                    ? new Response(200, headers: new() { { "Set-Cookie", "session=abc; Path=/" }, { "Set-Cookie", "theme=dark; Path=/" } })
                    : new Response(200);
            });
        client.Cookies.Set("anywhere", "1");
        client.Cookies.Set("scoped", "2", domain: "a.test");
        await client.GetAsync("https://a.test/login");
        client.Cookies.Count.ShouldBe(4);

        client.Cookies.Clear();

        client.Cookies.Count.ShouldBe(0);
        client.Cookies.ShouldBeEmpty();
        await client.GetAsync("https://a.test/next");
        seen[^1].Headers.Contains("Cookie").ShouldBeFalse();
    }

    [Test]
    public async Task SetCookie_FromAHandlerMessage_IsKept_AndAMessageWithoutHeadersGetsNoEmptyCollection()
    {
        // The jar asks every response for Set-Cookie without creating an empty header collection on a message that has
        // none (HttpResponseMessage.Headers creates one on first use): both kinds of message must still work.
        var bare = new List<HttpResponseMessage>();
        var handler = new DelegateHandler(request =>
        {
            var message = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent("x"u8.ToArray()), RequestMessage = request };
            if (request.RequestUri!.AbsolutePath == "/login")
            {
                message.Headers.TryAddWithoutValidation("Set-Cookie", "session=abc; Path=/");
            }
            else
            {
                bare.Add(message);
            }

            return message;
        });
        using var client = new Client(new ClientOptions { Transport = handler });

        await client.GetAsync("https://a.test/login");
        var plain = await client.GetAsync("https://a.test/other");

        client.Cookies.Count.ShouldBe(1);
        plain.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var field = typeof(HttpResponseMessage).GetField("_headers", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        if (field is not null)
        {
            // Asking Response.Headers copies them, so look at a message whose response's headers were never asked.
            await client.GetAsync("https://a.test/third");
            field.GetValue(bare[^1]).ShouldBeNull();
        }
    }

    private sealed class DelegateHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
