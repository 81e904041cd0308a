namespace Courier.ClientTests.Auth;

public class ChallengeParserTests
{
    [Test]
    public void Parse_SeveralChallengesInOneHeader_SplitsThem()
    {
        var all = AuthChallenge.ParseAll(["Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\", here\", Basic realm=\"simple\", Digest realm=\"d\", nonce=\"n,1\""], out var error);

        error.ShouldBeNull();
        all.Select(c => c.Scheme).ShouldBe(["Newauth", "Basic", "Digest"]);
        all[0]["title"].ShouldBe("Login to \"apps\", here");
        all[0]["type"].ShouldBe("1");
        all[2]["nonce"].ShouldBe("n,1");
    }

    [Test]
    public void Parse_Token68AndBareSchemes_AreRead()
    {
        var all = AuthChallenge.ParseAll(["Negotiate abc+/def==, Basic", "Bearer"], out var error);

        error.ShouldBeNull();
        all.Select(c => c.Scheme).ShouldBe(["Negotiate", "Basic", "Bearer"]);
        all[0].Token68.ShouldBe("abc+/def==");
    }

    [TestCase("Digest realm=\"x, nonce=1", "unterminated")]
    [TestCase("Digest nonce=\"1\", realm=", "without a value")]
    [TestCase("Digest realm=\"a\" nonce=\"b\"", "expected ','")]
    [TestCase("Digest realm=\"a\", realm=\"b\"", "twice")]
    [TestCase("=\"x\"", "expected an auth scheme")]
    public void Parse_Malformed_ReportsWithoutThrowing(string header, string expected)
    {
        AuthChallenge.ParseAll([header], out var error);

        error.ShouldNotBeNull().ShouldContain(expected);
    }

    [TestCase("Digest realm=\"r\"", "no nonce")]
    [TestCase("Digest nonce=\"n\"", "no realm")]
    [TestCase("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", "unsupported algorithm 'SHA-1'")]
    [TestCase("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"", "unsupported qop")]
    [TestCase("Basic realm=\"r\"", "no Digest challenge")]
    [TestCase("Digest realm=\"r, nonce=\"n\"", "malformed WWW-Authenticate")]
    public void SelectDigest_Unanswerable_SaysWhy(string header, string expected)
    {
        DigestChallenge.Select([header], out var problem).ShouldBeNull();

        problem.ShouldNotBeNull().ShouldContain(expected);
    }

    [Test]
    public void SelectDigest_SeveralAlgorithms_TakesFirstSupportedInServerOrder()
    {
        var challenge = DigestChallenge.Select(
            ["Digest realm=\"r\", nonce=\"1\", algorithm=SHA3-256", "Digest realm=\"r\", nonce=\"2\", algorithm=SHA-512-256-sess, qop=\"auth-int, auth\"", "Digest realm=\"r\", nonce=\"3\", algorithm=MD5"],
            out _);

        challenge.ShouldNotBeNull();
        challenge.Nonce.ShouldBe("2");
        challenge.Algorithm.Name.ShouldBe("SHA-512-256-sess");
        challenge.Algorithm.IsSession.ShouldBeTrue();
        challenge.Qops.ShouldBe(["auth-int", "auth"]);
    }
}
