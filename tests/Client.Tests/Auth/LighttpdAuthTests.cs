using Courier.TestUtils;

namespace Courier.ClientTests.Auth;

/// <summary>Basic and Digest against lighttpd's mod_auth: a server nobody here wrote.</summary>
[Category("Tool:lighttpd")]
public class LighttpdAuthTests
{
    private const string User = "alice";
    private const string Password = "open sesame";
    private LighttpdServer? _server;

    private LighttpdServer Server => _server ?? throw new InvalidOperationException("lighttpd was not started");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var lighttpd = Tools.Require("lighttpd", "lighttpd");
        Tools.Require("openssl", "openssl");
        _server = await LighttpdServer.StartAsync(lighttpd, User, Password);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Lighttpd_Basic_RightAndWrongPassword()
    {
        using var good = new Client(new ClientOptions { Auth = new BasicAuth(User, Password) });
        using var bad = new Client(new ClientOptions { Auth = new BasicAuth(User, "nope") });
        using var none = new Client();

        (await good.GetAsync(Server.At("/basic/index.txt"))).Text.ShouldBe("inside basic\n");
        (await bad.GetAsync(Server.At("/basic/index.txt"))).StatusCode.ShouldBe(401);
        (await none.GetAsync(Server.At("/basic/index.txt"))).StatusCode.ShouldBe(401);
    }

    [Test]
    public void Lighttpd_Basic_FromUrlUserInfo_SyncApi()
    {
        using var client = new Client();
        var url = Server.At("/basic/index.txt").Replace("http://", "http://alice:open%20sesame@", StringComparison.Ordinal);

        client.Get(url).Text.ShouldBe("inside basic\n");
    }

    [TestCase("digest-md5", "MD5")]
    [TestCase("digest-sha256", "SHA-256")]
    [TestCase("digest-sha512-256", "SHA-512-256")]
    public async Task Lighttpd_Digest_AuthenticatesAndReusesChallenge(string area, string algorithm)
    {
        using var client = new Client(new ClientOptions { Auth = new DigestAuth(User, Password) });

        var first = await client.GetAsync(Server.At($"/{area}/index.txt"));
        var second = await client.GetAsync(Server.At($"/{area}/index.txt?again=1"));

        first.StatusCode.ShouldBe(200, Server.ErrorLog);
        first.Text.ShouldBe($"inside {area}\n");
        first.History.Single().Headers["WWW-Authenticate"].ShouldNotBeNull().ShouldContain($"algorithm={algorithm}");
        second.StatusCode.ShouldBe(200, Server.ErrorLog);
        second.History.ShouldBeEmpty("the second request answered the remembered challenge up front (nc=2)");
    }

    [Test]
    public async Task Lighttpd_Digest_WrongPassword_Returns401NamingTheChallenge()
    {
        using var client = new Client(new ClientOptions { Auth = new DigestAuth(User, "nope") });

        var response = await client.GetAsync(Server.At("/digest-sha256/index.txt"));

        response.StatusCode.ShouldBe(401);
        response.History.Count.ShouldBe(1);
        Should.Throw<HttpStatusException>(() => response.EnsureSuccess()).Message
            .ShouldContain($"Auth challenge that could not be answered: Digest realm=\"{LighttpdServer.Realm}\"");
    }

    [Test]
    public async Task Lighttpd_Digest_PostWithBody_IsResentAfterTheChallenge()
    {
        using var client = new Client(new ClientOptions { Auth = new DigestAuth(User, Password) });

        var response = await client.PostAsync(Server.At("/digest-md5/index.txt"), Body.Text("payload"));

        response.History.Single().StatusCode.ShouldBe(401);
        response.StatusCode.ShouldNotBe(401, Server.ErrorLog);
    }
}
