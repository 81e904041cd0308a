using Courier.Mocking;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Transport;

public class MountsTests
{
    private static MockTransport Named(string name) => new(_ => new Response(200, Body.Text(name)));

    [TestCase("https://example.com/", "https-example")]
    [TestCase("https://other.org/", "https")]
    [TestCase("http://api.example.com:8080/x", "star-example-8080")]
    [TestCase("http://api.example.com/x", "all")]
    [TestCase("http://example.com:8080/x", "all")]
    [TestCase("http://deep.api.example.com:8080/x", "star-example-8080")]
    [TestCase("http://example.org:1/", "all")]
    public async Task Mounts_MostSpecificPatternWins(string url, string expected)
    {
        using var client = new Client(new ClientOptions
        {
            Mounts = new Dictionary<string, HttpMessageHandler>
            {
                ["all://"] = Named("all"),
                ["https://"] = Named("https"),
                ["https://example.com"] = Named("https-example"),
                ["http://*.example.com:8080"] = Named("star-example-8080"),
            },
        });

        (await client.GetAsync(url)).Text.ShouldBe(expected);
    }

    [Test]
    public async Task Mounts_StarPrefixMatchesDomainAndSubdomains_UnmatchedGoesToTransport()
    {
        using var client = new Client(new ClientOptions
        {
            Transport = Named("default"),
            Mounts = new Dictionary<string, HttpMessageHandler> { ["all://*example.com"] = Named("domain") },
        });

        (await client.GetAsync("http://example.com/")).Text.ShouldBe("domain");
        (await client.GetAsync("https://a.b.example.com/")).Text.ShouldBe("domain");
        (await client.GetAsync("https://example.org/")).Text.ShouldBe("default");
    }

    [Test]
    public async Task Mounts_RouteOneOriginToTheNetwork_AndTheRestToAMock()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "real"));
        using var network = new HttpTransport();
        using var client = new Client(new ClientOptions
        {
            Mounts = new Dictionary<string, HttpMessageHandler>
            {
                [$"http://127.0.0.1:{server.Url.Port}"] = network,
                ["all://"] = Named("mock"),
            },
        });

        (await client.GetAsync(server.At("/"))).Text.ShouldBe("real");
        (await client.GetAsync("http://127.0.0.1:1/")).Text.ShouldBe("mock");
        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public void Mounts_InvalidPattern_IsRejectedWhenTheClientIsCreated()
    {
        var ex = Should.Throw<ArgumentException>(() => new Client(new ClientOptions
        {
            Mounts = new Dictionary<string, HttpMessageHandler> { ["example.com"] = Named("x") },
        }));
        ex.Message.ShouldContain("example.com");
    }
}
