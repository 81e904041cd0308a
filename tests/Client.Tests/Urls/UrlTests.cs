using System.Net;
using System.Net.Sockets;
using System.Text;
using Courier.ClientTests.Support;
using Courier.TestUtils;

namespace Courier.ClientTests.Urls;

public class UrlTests
{
    private static async Task<Uri> SentUrlAsync(string url, ClientOptions? options = null, RequestOptions? requestOptions = null)
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, options);
        await client.GetAsync(url, requestOptions);
        return seen.Single().Url;
    }

    [TestCase("https://api.test/v1", "/users", "https://api.test/v1/users")]
    [TestCase("https://api.test/v1", "users", "https://api.test/v1/users")]
    [TestCase("https://api.test/v1/", "/users", "https://api.test/v1/users")]
    [TestCase("https://api.test/v1/", "users/7?x=1", "https://api.test/v1/users/7?x=1")]
    [TestCase("https://api.test", "/users", "https://api.test/users")]
    [TestCase("https://api.test/v1", "https://other.test/abs", "https://other.test/abs")]
    public async Task BaseUrl_RelativePath_IsAppendedToBasePath(string baseUrl, string url, string expected)
    {
        (await SentUrlAsync(url, new ClientOptions { BaseUrl = new Uri(baseUrl) })).AbsoluteUri.ShouldBe(expected);
    }

    [Test]
    public async Task BaseUrl_ClientsWithDifferentBases_EachJoinToTheirOwn()
    {
        // What a base contributes to a join is kept for the last base used: clients taking turns must never mix them.
        var seenA = new List<Request>();
        var seenB = new List<Request>();
        using var a = Echo.RecordingClient(seenA, new ClientOptions { BaseUrl = new Uri("https://a.test/v1?key=k") });
        using var b = Echo.RecordingClient(seenB, new ClientOptions { BaseUrl = new Uri("http://b.test:8080/root/") });

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? a.GetAsync($"items/{i}") : b.GetAsync($"/items/{i}?x=1")));

        seenA.Count.ShouldBe(100);
        seenA.ShouldAllBe(r => r.Url.AbsoluteUri.StartsWith("https://a.test/v1/items/") && r.Url.Query == "?key=k");
        seenB.Count.ShouldBe(100);
        seenB.ShouldAllBe(r => r.Url.AbsoluteUri.StartsWith("http://b.test:8080/root/items/") && r.Url.Query == "?x=1");
    }

    [Test]
    public async Task Resolved_SameUrlText_IsParsedOnce_AndSharedByTheRequests()
    {
        // A client calling the same URL again reuses its parsed Uri (immutable): no join, no parse, no new host string.
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, new ClientOptions { BaseUrl = new Uri("https://api.test/v1") });

        await client.GetAsync("/users");
        await client.GetAsync("/users");
        await client.GetAsync("/users", new RequestOptions { Params = new() { ["page"] = "2" } });
        await client.GetAsync("/users");

        // Seen a second time, the URL is kept; from then on the requests share its Uri.
        seen[0].Url.AbsoluteUri.ShouldBe("https://api.test/v1/users");
        seen[1].Url.AbsoluteUri.ShouldBe("https://api.test/v1/users");
        seen[2].Url.AbsoluteUri.ShouldBe("https://api.test/v1/users?page=2");
        seen[3].Url.ShouldBeSameAs(seen[1].Url);
    }

    [Test]
    public async Task Resolved_KeptUrl_WithItsOwnQuery_StillMergesClientAndCallParams()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, new ClientOptions { BaseUrl = new Uri("https://api.test/"), Params = new() { ["key"] = "k" } });

        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/items?a=1", new RequestOptions { Params = new() { ["page"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }

        seen.Select(r => r.Url.PathAndQuery).ShouldBe(["/items?key=k&a=1&page=0", "/items?key=k&a=1&page=1", "/items?key=k&a=1&page=2"]);
    }

    [Test]
    public void Resolved_KeptOnTheSecondSighting_NeverWithUserInfo()
    {
        var cache = new UrlCache();
        var plain = new Uri("https://api.test/x");
        var secret = new Uri("https://user:secret@api.test/x");

        // A one-off URL costs no entry; credentials are never held by the client after the request.
        cache.Add(null, "https://api.test/x", plain);
        cache.Find(null, "https://api.test/x").ShouldBeNull();
        cache.Add(null, "https://api.test/x", plain);
        cache.Find(null, "https://api.test/x").ShouldBeSameAs(plain);
        cache.Find(new Uri("https://other.test/"), "https://api.test/x").ShouldBeNull();
        cache.Add(null, "https://user:secret@api.test/x", secret);
        cache.Add(null, "https://user:secret@api.test/x", secret);
        cache.Find(null, "https://user:secret@api.test/x").ShouldBeNull();
    }

    [Test]
    public void Resolved_AfterTheBaseUrlChanges_JoinsToTheNewBase()
    {
        using var client = Echo.MockClient(_ => new Response(200), new ClientOptions { BaseUrl = new Uri("https://a.test/v1/") });

        client.BuildRequest("GET", "items").Url.AbsoluteUri.ShouldBe("https://a.test/v1/items");
        client.BaseUrl = new Uri("http://b.test:8080/root");

        client.BuildRequest("GET", "items").Url.AbsoluteUri.ShouldBe("http://b.test:8080/root/items");
    }

    [Test]
    public async Task Resolved_ManyDifferentUrls_EachGoesToItsOwn()
    {
        // More URLs than the client keeps, called concurrently and three times each: slots are overwritten, never mixed up.
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen, new ClientOptions { BaseUrl = new Uri("https://api.test/") });
        var paths = Enumerable.Range(0, 300).Select(i => $"/items/{i}?n={i}").ToList();

        await Task.WhenAll(paths.Concat(paths).Concat(paths).Select(p => Task.Run(() => client.GetAsync(p))));

        // What was sent is exactly what was asked: every URL three times, none swapped for another.
        seen.Select(r => r.Url.PathAndQuery).Order().ShouldBe(paths.Concat(paths).Concat(paths).Order());
    }

    [Test]
    public void Resolved_InvalidUrl_IsRefusedEveryTime()
    {
        using var client = Echo.MockClient(_ => new Response(200), new ClientOptions { BaseUrl = new Uri("https://api.test/") });

        // Only a URL that resolved is kept: a refused one is checked, and refused, again.
        Should.Throw<LocalProtocolException>(() => client.BuildRequest("GET", "/a\nb"));
        Should.Throw<LocalProtocolException>(() => client.BuildRequest("GET", "/a\nb"));
        Should.Throw<InvalidUrlException>(() => client.BuildRequest("GET", "//[::1/x"));
        Should.Throw<InvalidUrlException>(() => client.BuildRequest("GET", "//[::1/x"));
    }

    [TestCase("https://api.test/v1", "//other.test/x", "https://other.test/x")]
    [TestCase("http://api.test/v1/", "//other.test:8080/x?q=1", "http://other.test:8080/x?q=1")]
    [TestCase("https://api.test/v1?key=k", "//api.test/other", "https://api.test/other")]
    public async Task BaseUrl_NetworkPathReference_ReplacesTheAuthority(string baseUrl, string url, string expected)
    {
        // RFC 3986 section 4.2: "//host/path" keeps only the base's scheme (it is not appended to the base path).
        (await SentUrlAsync(url, new ClientOptions { BaseUrl = new Uri(baseUrl) })).AbsoluteUri.ShouldBe(expected);
    }

    [Test]
    public async Task Query_UrlClientAndRequestParams_AreMerged()
    {
        var url = await SentUrlAsync(
            "https://api.test/search?a=1&tag=x",
            new ClientOptions { Params = new() { ["c"] = "3", ["a"] = "client" } },
            new RequestOptions { Params = new() { { "tag", "y" }, { "tag", "z" } } });

        // client params first; the URL's own query replaces the client's "a"; the request's "tag" replaces the URL's.
        url.Query.ShouldBe("?c=3&a=1&tag=y&tag=z");
    }

    [Test]
    public async Task Query_MultiValuedParams_AreAllSent()
    {
        var url = await SentUrlAsync("https://api.test/s", requestOptions: new() { Params = new() { { "id", "1" }, { "id", "2" }, { "id", "3" } } });
        url.Query.ShouldBe("?id=1&id=2&id=3");
    }

    [Test]
    public async Task Query_WithoutParams_KeepsTheUrlQueryAsWritten()
    {
        (await SentUrlAsync("https://api.test/s?flag&b=%2F")).Query.ShouldBe("?flag&b=%2F");
    }

    [Test]
    public async Task Encoding_PathAndQuery_AreRfc3986EncodedOnTheWire()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var seen = Seen.From(await client.GetAsync("/a b/ü", new() { Params = new() { ["q"] = "a b&c=d/é?#", ["k y"] = "+" } }));

        seen.RawTarget.ShouldBe("/a%20b/%C3%BC?q=a%20b%26c%3Dd%2F%C3%A9%3F%23&k%20y=%2B");
        seen.Path.ShouldBe("/a b/ü");
    }

    [Test]
    public async Task Idna_UnicodeHost_IsSentAsPunycode()
    {
        await using var server = await Echo.StartAsync();
        var port = server.Url.Port;
        using var handler = new SocketsHttpHandler
        {
            // Every host name resolves to the loopback test server: no DNS, yet the real Host header goes on the wire.
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new Client(new ClientOptions { Transport = handler });

        var response = await client.GetAsync($"http://bücher.example:{port}/straße");
        var seen = Seen.From(response);

        seen.Header("Host").ShouldBe($"xn--bcher-kva.example:{port}");
        seen.RawTarget.ShouldBe("/stra%C3%9Fe");
        response.Request.Url.IdnHost.ShouldBe("xn--bcher-kva.example");
    }

    [Test]
    public async Task UserInfo_BecomesBasicAuth_AndNeverReachesTheRequestLine()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client();

        var seen = Seen.From(await client.GetAsync($"http://al%40ce:p%3Ass@127.0.0.1:{server.Url.Port}/private"));

        seen.RawTarget.ShouldBe("/private");
        seen.Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("al@ce:p:ss")));
        seen.Header("Host").ShouldBe($"127.0.0.1:{server.Url.Port}");
    }

    [Test]
    public async Task UserInfo_IsNotInTheUrlTheTransportSees()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen);
        await client.GetAsync("https://user:secret@api.test/x");
        seen[0].Url.UserInfo.ShouldBeEmpty();
        seen[0].Headers["Authorization"].ShouldStartWith("Basic ");
    }

    [TestCase("http://exa mple.com/")]
    [TestCase("http://[::1/")]
    [TestCase("https://")]
    [TestCase("http://:80/x")]
    public void InvalidAbsoluteUrl_ThrowsInvalidUrlException_NamingTheInput(string url)
    {
        using var client = Echo.RecordingClient([], new ClientOptions { BaseUrl = new Uri("https://base.test/") });
        var ex = Should.Throw<InvalidUrlException>(() => client.Get(url));
        ex.Url.ShouldBe(url);
        ex.Message.ShouldContain(url);
    }

    [Test]
    public void RelativeUrl_WithoutBaseUrl_ThrowsInvalidUrlException_NamingTheInput()
    {
        using var client = Echo.RecordingClient([]);
        var ex = Should.Throw<InvalidUrlException>(() => client.GetAsync("/users/7"));
        ex.Url.ShouldBe("/users/7");
        ex.Message.ShouldContain("'/users/7'");
        ex.Message.ShouldContain("BaseUrl");
    }

    [Test]
    public void UnsupportedScheme_ThrowsUnsupportedProtocolException()
    {
        using var client = Echo.RecordingClient([]);
        var ex = Should.Throw<UnsupportedProtocolException>(() => client.GetAsync("ftp://files.test/a"));
        ex.Request!.Url.Scheme.ShouldBe("ftp");
    }
}
