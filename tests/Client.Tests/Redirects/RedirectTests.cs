using System.Text;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Redirects;

public class RedirectTests
{
    /// <summary>A mock where <c>/r/{status}?to=…</c> redirects and everything else answers 200; records each request.</summary>
    private static Client CreateSut(List<Request> seen, ClientOptions? options = null) => Echo.MockClient(
        r =>
        {
            lock (seen)
            {
                seen.Add(r);
            }

            var segments = r.Url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments is ["r", var status])
            {
                var to = QueryParams.Parse(r.Url.Query)["to"];
                return new Response(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), headers: to is null ? null : new() { { "Location", to } });
            }

            return new Response(200, Body.Text($"{r.Method} {r.Url.AbsolutePath}"));
        },
        options);

    private static ClientOptions Follow => new() { FollowRedirects = true };

    [Test]
    public async Task Redirects_AreNotFollowedByDefault_NextRequestIsSet()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen);

        var response = await client.PostAsync("https://a.test/r/302?to=/done", Body.Text("x"));

        response.StatusCode.ShouldBe(302);
        response.IsRedirect.ShouldBeTrue();
        seen.Count.ShouldBe(1);
        response.NextRequest.ShouldNotBeNull();
        response.NextRequest.Method.ShouldBe("GET");
        response.NextRequest.Url.ShouldBe(new Uri("https://a.test/done"));

        var followed = await client.SendAsync(response.NextRequest);
        followed.Text.ShouldBe("GET /done");
    }

    [Test]
    public async Task FollowRedirects_KeepsEveryHopInHistory()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);

        var response = await client.GetAsync("https://a.test/r/301?to=" + Uri.EscapeDataString("/r/302?to=" + Uri.EscapeDataString("/r/307?to=/final")));

        response.Text.ShouldBe("GET /final");
        response.History.Select(h => h.StatusCode).ShouldBe([301, 302, 307]);
        response.History[0].Request.Url.AbsolutePath.ShouldBe("/r/301");
        response.Request.Url.AbsolutePath.ShouldBe("/final");
        response.NextRequest.ShouldBeNull();
    }

    [Test]
    public async Task PerRequestFollowRedirects_OverridesTheClient()
    {
        using var client = CreateSut([]);
        (await client.GetAsync("https://a.test/r/302?to=/x", new() { FollowRedirects = true })).StatusCode.ShouldBe(200);
        using var following = CreateSut([], Follow);
        (await following.GetAsync("https://a.test/r/302?to=/x", new() { FollowRedirects = false })).StatusCode.ShouldBe(302);
    }

    [Test]
    public void SelfRedirect_ThrowsTooManyRedirects_WithHistoryAndRequest()
    {
        var seen = new List<Request>();
        using var client = Echo.MockClient(
            r =>
            {
                seen.Add(r);
                return new Response(302, headers: new() { { "Location", r.Url.AbsoluteUri } });
            },
            Follow);

        var ex = Should.Throw<TooManyRedirectsException>(() => client.Get("https://a.test/loop"));

        seen.Count.ShouldBe(21);
        ex.History.Count.ShouldBe(21);
        ex.Request!.Url.ShouldBe(new Uri("https://a.test/loop"));
        ex.Message.ShouldContain("20");

        using var three = Echo.MockClient(_ => new Response(302, headers: new() { { "Location", "/again" } }), new ClientOptions { FollowRedirects = true, MaxRedirects = 3 });
        Should.Throw<TooManyRedirectsException>(() => three.Get("https://a.test/")).History.Count.ShouldBe(4);
    }

    [TestCase(301, "POST", "GET")]
    [TestCase(302, "POST", "GET")]
    [TestCase(301, "PUT", "PUT")]
    [TestCase(302, "DELETE", "DELETE")]
    [TestCase(303, "POST", "GET")]
    [TestCase(303, "PUT", "GET")]
    [TestCase(303, "HEAD", "HEAD")]
    [TestCase(307, "POST", "POST")]
    [TestCase(308, "PUT", "PUT")]
    public async Task Redirect_RewritesMethodByStatus(int status, string method, string expected)
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);

        await client.RequestAsync(method, $"https://a.test/r/{status}?to=/next", method is "HEAD" or "DELETE" ? null : Body.Text("payload"));

        seen[1].Method.ShouldBe(expected);
        if (expected == method && method != "HEAD" && method != "DELETE")
        {
            Encoding.UTF8.GetString(seen[1].Content.Span).ShouldBe("payload");
            seen[1].Headers["Content-Type"].ShouldBe("text/plain; charset=utf-8");
        }
    }

    [Test]
    public async Task RewrittenRequest_DropsBodyAndBodyHeaders()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);

        await client.PostAsync("https://a.test/r/303?to=/next", Body.Json(new { a = 1 }), new() { Headers = new() { { "Content-Language", "en" }, { "X-Keep", "1" } } });

        seen[0].Content.Length.ShouldBeGreaterThan(0);
        seen[1].Method.ShouldBe("GET");
        seen[1].Body.ShouldBeNull();
        seen[1].Headers.Contains("Content-Type").ShouldBeFalse();
        seen[1].Headers.Contains("Content-Length").ShouldBeFalse();
        seen[1].Headers.Contains("Content-Language").ShouldBeFalse();
        seen[1].Headers["X-Keep"].ShouldBe("1");
    }

    [Test]
    public async Task Redirect307_WithOneShotStreamBody_GivesAClearError()
    {
        using var client = CreateSut([], Follow);
        var oneShot = new NonSeekable("data"u8.ToArray());

        var ex = await Should.ThrowAsync<RequestException>(() => client.PostAsync("https://a.test/r/307?to=/next", Body.Stream(oneShot)));

        ex.Message.ShouldContain("one-shot stream");
        ex.Message.ShouldContain("307");
        ex.Request!.Url.AbsolutePath.ShouldBe("/r/307");
    }

    [Test]
    public async Task Redirect307_WithSeekableStream_ResendsTheBody()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);
        using var stream = new MemoryStream("again"u8.ToArray());

        await client.PostAsync("https://a.test/r/307?to=/next", Body.Stream(stream));

        Encoding.UTF8.GetString(seen[1].Content.Span).ShouldBe("again");
    }

    [TestCase("https://b.test/next", "other host")]
    [TestCase("https://a.test:8443/next", "other port")]
    [TestCase("http://a.test/next", "https to http")]
    public async Task CrossOriginOrDowngrade_DropsCredentials(string target, string why)
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow with { AllowDowngradeRedirects = true });
        var headers = new Courier.Headers { { "Authorization", "Bearer t" }, { "Proxy-Authorization", "Basic p" }, { "Cookie", "s=1" }, { "X-Custom", "kept" } };

        await client.GetAsync("https://a.test/r/302?to=" + Uri.EscapeDataString(target), new() { Headers = headers });

        seen[0].Headers["Authorization"].ShouldBe("Bearer t");
        seen[1].Headers.Contains("Authorization").ShouldBeFalse(why);
        seen[1].Headers.Contains("Proxy-Authorization").ShouldBeFalse(why);
        seen[1].Headers.Contains("Cookie").ShouldBeFalse(why);
        seen[1].Headers["X-Custom"].ShouldBe("kept");
    }

    [TestCase("http://a.test/next")]
    [TestCase("http://b.test:8080/next")]
    public async Task HttpsToHttp_IsNotFollowedByDefault_TheRedirectComesBackWithNextRequest(string target)
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);

        var response = await client.GetAsync("https://a.test/r/301?to=" + Uri.EscapeDataString(target), new() { Headers = new() { { "Authorization", "Bearer t" } } });

        seen.Count.ShouldBe(1, "nothing may be sent in clear text");
        response.StatusCode.ShouldBe(301);
        response.NextRequest.ShouldNotBeNull().Url.AbsoluteUri.ShouldBe(target);
        response.NextRequest.Headers.Contains("Authorization").ShouldBeFalse();
    }

    [Test]
    public async Task HttpsToHttp_AfterAnHttpsHop_StopsAtTheDowngrade_WithHistory()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);
        var chain = "https://a.test/r/302?to=" + Uri.EscapeDataString("https://b.test/r/307?to=" + Uri.EscapeDataString("http://b.test/plain"));

        var response = await client.GetAsync(chain);

        seen.Select(r => r.Url.AbsoluteUri).ShouldBe([chain, "https://b.test/r/307?to=http%3A%2F%2Fb.test%2Fplain"]);
        response.StatusCode.ShouldBe(307);
        response.History.Count.ShouldBe(1);
        response.NextRequest!.Url.Scheme.ShouldBe("http");
    }

    [Test]
    public async Task RedirectChain_WhoseHeadsAddUpOverTheLimit_ThrowsConfigurationLimit_BeforeTheNextHop()
    {
        var seen = new List<Request>();
        var big = new string('h', 20 * 1024);
        using var client = Echo.MockClient(
            r =>
            {
                lock (seen)
                {
                    seen.Add(r);
                }

                var hop = int.Parse(r.Url.AbsolutePath.Trim('/'), System.Globalization.CultureInfo.InvariantCulture);
                return hop < 10
                    ? new Response(302, headers: new() { { "Location", $"/{hop + 1}" }, { "X-Padding", big } })
                    : new Response(200, Body.Text("end"));
            },
            Follow);

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("https://a.test/0"));

        // 20 KiB per head: the fourth head takes the chain over the default 64 KiB; the fifth hop is never sent.
        seen.Count.ShouldBe(4);
        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        ex.Message.ShouldContain("MaxResponseHeadersLength");
        ex.Message.ShouldContain("https://a.test/0");

        seen.Clear();
        using var roomy = Echo.MockClient(r => r.Url.AbsolutePath == "/3" ? new Response(200) : new Response(302, headers: new() { { "Location", "/3" }, { "X-Padding", big } }), Follow with { MaxResponseHeadersLength = 1024 * 1024 });
        (await roomy.GetAsync("https://a.test/0")).StatusCode.ShouldBe(200);
    }

    [Test]
    public void MaxResponseHeadersLength_BelowOneKibibyte_IsRefused()
    {
        var ex = Should.Throw<ArgumentException>(() => new Client(new ClientOptions { MaxResponseHeadersLength = 10 }));
        ex.Message.ShouldContain("MaxResponseHeadersLength");
    }

    [Test]
    public async Task SameOrigin_KeepsCredentials_AndACrossOriginHopDropsThemForGood()
    {
        var seen = new List<Request>();
        using var client = CreateSut(seen, Follow);
        var back = "https://a.test/r/302?to=" + Uri.EscapeDataString("https://b.test/r/302?to=" + Uri.EscapeDataString("https://a.test/home"));

        await client.GetAsync(back, new() { Headers = new() { { "Authorization", "Bearer t" } } });

        seen.Select(r => r.Url.Host).ShouldBe(["a.test", "b.test", "a.test"]);
        seen[0].Headers["Authorization"].ShouldBe("Bearer t");
        seen[1].Headers.Contains("Authorization").ShouldBeFalse();
        seen[2].Headers.Contains("Authorization").ShouldBeFalse();

        seen.Clear();
        await client.GetAsync("https://a.test/r/302?to=/same", new() { Headers = new() { { "Authorization", "Bearer t" } } });
        seen[1].Headers["Authorization"].ShouldBe("Bearer t");
    }

    [TestCase("/abs/path", "https://a.test/abs/path")]
    [TestCase("sibling", "https://a.test/r/sibling")]
    [TestCase("../up", "https://a.test/up")]
    [TestCase("//c.test/x", "https://c.test/x")]
    [TestCase("?q=2", "https://a.test/r/302?q=2")]
    public void RelativeLocation_IsResolvedAgainstTheRequestUrl(string location, string expected)
    {
        using var client = Echo.MockClient(_ => new Response(302, headers: new() { { "Location", location } }));
        client.Get("https://a.test/r/302?q=1").NextRequest!.Url.AbsoluteUri.ShouldBe(expected);
    }

    [Test]
    public void MissingLocation_ThrowsRemoteProtocolException()
    {
        using var client = CreateSut([], Follow);
        var ex = Should.Throw<RemoteProtocolException>(() => client.Get("https://a.test/r/302"));
        ex.Message.ShouldContain("no Location");
        ex.Request!.Url.AbsolutePath.ShouldBe("/r/302");
    }

    [TestCase("http://[bad")]
    [TestCase("")]
    public void InvalidLocation_ThrowsRemoteProtocolException(string location)
    {
        using var client = Echo.MockClient(_ => new Response(302, headers: new() { { "Location", location } }), Follow);
        Should.Throw<RemoteProtocolException>(() => client.Get("https://a.test/"));
    }

    [Test]
    public void NonHttpLocation_ThrowsUnsupportedProtocolException()
    {
        using var client = Echo.MockClient(_ => new Response(302, headers: new() { { "Location", "ftp://files.test/x" } }), Follow);
        Should.Throw<UnsupportedProtocolException>(() => client.Get("https://a.test/"));
    }

    [Test]
    public async Task ChainAcrossTwoRealServers_FollowsAndStripsCredentials()
    {
        await using var second = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/mid", () => Results.Redirect("/end", permanent: false, preserveMethod: true));
            app.MapEcho("/end");
        });
        await using var first = await LoopbackServer.StartAsync(app =>
            app.MapGet("/start", (HttpContext ctx) =>
            {
                ctx.Response.Cookies.Append("first", "1");
                return Results.Redirect(second.At("/mid"));
            }));
        using var client = new Client(new ClientOptions { FollowRedirects = true });

        var response = await client.GetAsync(first.At("/start"), new()
        {
            Headers = new() { { "Authorization", "Bearer secret" } },
            Cookies = new Dictionary<string, string> { ["mine"] = "only-for-first" },
        });

        response.StatusCode.ShouldBe(200);
        response.History.Select(h => (h.StatusCode, h.Request.Url.Port)).ShouldBe([(302, first.Url.Port), (307, second.Url.Port)]);
        var seen = Seen.From(response);
        seen.Path.ShouldBe("/end");
        seen.Header("Authorization").ShouldBeNull();
        // Cookies are scoped by host, not port (RFC 6265): the jar's cookie from 127.0.0.1 goes along, the call's own does not.
        seen.Header("Cookie").ShouldBe("first=1");
        client.Cookies["first"].ShouldBe("1");
        first.ConnectionsAccepted.ShouldBe(1);
        second.ConnectionsAccepted.ShouldBe(1);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
