using Courier.ClientTests.Support;

namespace Courier.ClientTests.Headers;

public class HeaderTests
{
    [Test]
    public void Headers_CaseInsensitive_MultiValued_OrderKept()
    {
        var headers = new Courier.Headers { { "X-B", "1" }, { "x-a", "2" }, { "X-b", "3" } };

        headers["x-b"].ShouldBe("1, 3");
        headers.GetValues("X-B").ShouldBe(["1", "3"]);
        headers.Contains("X-A").ShouldBeTrue();
        headers.Select(h => h.Key).ShouldBe(["X-B", "x-a", "X-b"]);
        headers.Names.ShouldBe(["X-B", "x-a"]);

        headers["X-B"] = "only";
        headers.GetValues("x-b").ShouldBe(["only"]);
        headers.Remove("X-A").ShouldBeTrue();
        headers.Count.ShouldBe(1);
    }

    [TestCase("X-Bad", "a\r\nInjected: 1")]
    [TestCase("X-Bad", "a\nb")]
    [TestCase("X-Bad", "a\0b")]
    [TestCase("X-Bad\r\nInjected", "1")]
    [TestCase("X Bad", "1")]
    [TestCase("", "1")]
    public void Headers_InvalidNameOrValue_ThrowLocalProtocolException(string name, string value)
    {
        var headers = new Courier.Headers();
        Should.Throw<LocalProtocolException>(() => headers.Add(name, value)).Message.ShouldContain("nothing was sent");
        headers.Count.ShouldBe(0);
    }

    [Test]
    public async Task Defaults_AreSentOnTheWire()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client();

        var seen = Seen.From(await client.GetAsync(server.At("/")));

        Client.DefaultUserAgent.ShouldMatch(@"^courier/\d+\.\d+\.\d+");
        seen.Header("User-Agent").ShouldBe(Client.DefaultUserAgent);
        seen.Header("Accept").ShouldBe("*/*");
        seen.Header("Accept-Encoding").ShouldBe("gzip, deflate, br");
    }

    [Test]
    public async Task ClientAndRequestHeaders_AreMerged_RequestWinsPerName()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client(new ClientOptions
        {
            Headers = new() { { "X-Client", "c" }, { "X-Both", "from-client" }, { "Accept", "application/json" } },
        });

        var seen = Seen.From(await client.GetAsync(server.At("/"), new() { Headers = new() { { "X-Both", "from-request" }, { "X-Multi", "1" }, { "X-Multi", "2" } } }));

        seen.Header("X-Client").ShouldBe("c");
        seen.Header("X-Both").ShouldBe("from-request");
        seen.Header("Accept").ShouldBe("application/json");
        seen.Header("User-Agent").ShouldBe(Client.DefaultUserAgent);
        seen.Headers.Where(h => h[0] == "X-Multi").Select(h => h[1]).ShouldBe(["1, 2"]);
    }

    [Test]
    public async Task InjectionAttempts_AreRefused_BeforeAnyByteIsSent()
    {
        await using var server = await Echo.StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var fromUrl = await Should.ThrowAsync<LocalProtocolException>(() => client.GetAsync("/a\r\nInjected: 1"));
        fromUrl.Message.ShouldContain("URL");
        await Should.ThrowAsync<LocalProtocolException>(() => client.GetAsync("/a?x=1\0"));
        await Should.ThrowAsync<LocalProtocolException>(() => client.GetAsync(server.At("/") + "\nX: 1"));
        await Should.ThrowAsync<LocalProtocolException>(() => client.RequestAsync("GET /x HTTP/1.1\r\nX:", "/"));
        var fromContentType = await Should.ThrowAsync<LocalProtocolException>(() => client.PostAsync("/", Body.Text("x", "text/plain\r\nInjected: 1")));
        fromContentType.Request.ShouldNotBeNull();
        var form = new MultipartForm().File("f", "a.txt", "x"u8.ToArray(), "text/plain\r\nInjected: 1");
        await Should.ThrowAsync<LocalProtocolException>(() => client.PostAsync("/", Body.Multipart(form)));
        Should.Throw<LocalProtocolException>(() => new Request("GET", new Uri("http://127.0.0.1/a\r\nb", UriKind.Absolute)));

        server.ConnectionsAccepted.ShouldBe(0);
    }
}
