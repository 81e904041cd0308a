using System.Text;

namespace Courier.ClientTests.Auth;

/// <summary>DigestAuth against a Kestrel app that verifies every answer with its own computation.</summary>
public class DigestAuthTests
{
    private static readonly string[] Algorithms = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"];

    private static IEnumerable<TestCaseData> AlgorithmsAndQops() =>
        from algorithm in Algorithms
        from qop in new[] { "auth", "auth-int", "none" }
        select new TestCaseData(algorithm, qop).SetName($"Digest_{algorithm}_{qop}_ServerVerifiesAnswer");

    [TestCaseSource(nameof(AlgorithmsAndQops))]
    public async Task Digest_EachAlgorithmAndQop_ServerVerifiesAnswer(string algorithm, string qop)
    {
        await using var server = await DigestTestServer.StartAsync(new() { Algorithm = algorithm, Qop = qop == "none" ? null : qop });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        var response = await client.PostAsync(server.At("/files/a%20b?x=1&y=%C3%A9"), Body.Text("body to hash \u00e9"));

        response.StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
        response.Text.ShouldBe("welcome alice");
        server.Requests.ShouldBe(2);
        response.History.Count.ShouldBe(1);
        response.History[0].StatusCode.ShouldBe(401);
        var sent = server.Authorizations.Single();
        sent.ShouldContain($"algorithm={algorithm}");
        sent.ShouldContain("opaque=\"0pa9ue-value\"");
        if (qop != "none")
        {
            sent.ShouldContain($"qop={qop}");
        }
    }

    [Test]
    public async Task Digest_ServerOffersAuthAndAuthInt_ChoosesAuth()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Qop = "auth-int,auth" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        (await client.GetAsync(server.At("/"))).StatusCode.ShouldBe(200);

        server.Authorizations.Single().ShouldContain("qop=auth,");
    }

    [Test]
    public async Task Digest_AuthInt_SeekableStreamBodyIsHashedAndResent()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Qop = "auth-int", Algorithm = "SHA-256" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 100_000)));

        var response = await client.PutAsync(server.At("/upload"), Body.Stream(stream));

        response.StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
        server.Requests.ShouldBe(2);
    }

    [Test]
    public async Task Digest_AuthInt_MultipartWithSeekableFileIsHashedAndResent()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Qop = "auth-int", Algorithm = "MD5-sess" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("file content"));
        var form = new MultipartForm().Field("title", "report").File("upload", "r.txt", file, "text/plain");

        var response = await client.PostAsync(server.At("/multipart"), Body.Multipart(form));

        response.StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
        server.Requests.ShouldBe(2);
    }

    [Test]
    public async Task Digest_UserHash_SendsHashedUserName()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Algorithm = "SHA-256", UserHash = true });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        (await client.GetAsync(server.At("/"))).StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));

        server.Authorizations.Single().ShouldContain("userhash=true");
        server.Authorizations.Single().ShouldNotContain("alice");
    }

    [Test]
    public async Task Digest_NonceCount_IncrementsAcrossRequestsAndReusesChallenge()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Algorithm = "SHA-256" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(server.At($"/n/{i}"))).StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
        }

        server.AcceptedNonceCounts.ShouldBe([1, 2, 3]);
        server.Challenges.ShouldBe(1, "later requests answer the remembered challenge up front");
        server.Requests.ShouldBe(4);
    }

    [Test]
    public async Task Digest_ConcurrentRequestsOnOneClient_UseDistinctNonceCounts()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        (await client.GetAsync(server.At("/warm"))).StatusCode.ShouldBe(200);

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => client.GetAsync(server.At($"/c/{i}"))));

        responses.ShouldAllBe(r => r.StatusCode == 200);
        server.AcceptedNonceCounts.Order().ShouldBe(Enumerable.Range(1, 25));
        server.Rejections.ShouldBeEmpty();
    }

    [Test]
    public async Task Digest_StaleNonce_AnswersTheFreshChallengeOnce()
    {
        await using var server = await DigestTestServer.StartAsync(new() { NonceUses = 1 });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        (await client.GetAsync(server.At("/1"))).StatusCode.ShouldBe(200);

        var second = await client.GetAsync(server.At("/2"));

        second.StatusCode.ShouldBe(200, "the stale 401 got a fresh answer");
        server.Rejections.ToArray().ShouldBe(["stale"]);
        server.Requests.ShouldBe(4);
        server.AcceptedNonceCounts.ToArray().ShouldBe([1, 1], "the fresh nonce starts counting at 1 again");
        second.History.Single().Headers["WWW-Authenticate"].ShouldNotBeNull();
    }

    [Test]
    public async Task Digest_StaleEveryTime_StopsAfterOneFreshChallenge()
    {
        await using var server = await DigestTestServer.StartAsync(new() { NonceUses = 0 });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        var response = await client.GetAsync(server.At("/"));

        response.StatusCode.ShouldBe(401);
        server.Requests.ShouldBe(3, "first request, the answer, one answer to the stale challenge");
        Should.Throw<HttpStatusException>(() => response.EnsureSuccess()).Message.ShouldContain("refused the Digest credentials of user 'alice'");
    }

    [Test]
    public async Task Digest_WrongPassword_SecondUnauthorizedIsReturnedAsIs()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wrong") });

        var response = await client.GetAsync(server.At("/secret"));

        response.StatusCode.ShouldBe(401);
        response.Text.ShouldBe("authenticate first");
        server.Requests.ShouldBe(2);
        var error = Should.Throw<HttpStatusException>(() => response.EnsureSuccess());
        error.Message.ShouldContain("Auth challenge that could not be answered: Digest realm=\"courier@test\"");
    }

    [Test]
    public async Task Digest_CookieSetOnThe401_IsSentWithTheAnswer()
    {
        await using var server = await DigestTestServer.StartAsync(new() { ChallengeCookie = true });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        (await client.GetAsync(server.At("/"))).StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
    }

    [Test]
    public async Task Digest_SyncApi_Works()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Algorithm = "SHA-512-256", Qop = "auth-int" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        var response = client.Post(server.At("/sync"), Body.Json(new { a = 1 }));

        response.StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
        client.Get(server.At("/sync2")).StatusCode.ShouldBe(200);
        server.AcceptedNonceCounts.ShouldBe([1, 2]);
    }

    [Test]
    public async Task Digest_PerRequestAuth_OverridesClientAuth()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wrong") });

        var response = await client.GetAsync(server.At("/"), new RequestOptions { Auth = new DigestAuth("alice", "wonder land") });

        response.StatusCode.ShouldBe(200);
        (await client.GetAsync(server.At("/"))).StatusCode.ShouldBe(401);
    }

    [Test]
    public async Task Digest_OneOffHttpCall_WithPerRequestAuth()
    {
        await using var server = await DigestTestServer.StartAsync(new() { Algorithm = "SHA-256-sess" });

        var response = await Http.GetAsync(server.At("/once"), new RequestOptions { Auth = new DigestAuth("alice", "wonder land") });

        response.StatusCode.ShouldBe(200, string.Join("\n", server.Rejections));
    }

    [Test]
    public async Task Digest_NonAsciiUserName_UsesExtendedNotation()
    {
        await using var server = await DigestTestServer.StartAsync(new() { User = "J\u00e4s\u00f8n" });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("J\u00e4s\u00f8n", "wonder land") });

        await client.GetAsync(server.At("/"));

        server.Authorizations.Single().ShouldContain("username*=UTF-8''J%C3%A4s%C3%B8n");
    }
}
