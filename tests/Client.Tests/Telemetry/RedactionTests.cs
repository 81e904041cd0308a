using Courier.Diagnostics;

namespace Courier.ClientTests.Telemetry;

public class RedactionTests
{
    [TestCase("Authorization")]
    [TestCase("proxy-authorization")]
    [TestCase("Cookie")]
    [TestCase("Set-Cookie")]
    [TestCase("X-Api-Key")]
    [TestCase("X-Session-Id")]
    [TestCase("Ocp-Apim-Subscription-Key")]
    public void SecretHeaders_AreMasked(string name) => Redaction.HeaderValue(name, "v4lue").ShouldBe("REDACTED");

    [TestCase("Content-Type")]
    [TestCase("Accept-Encoding")]
    [TestCase("WWW-Authenticate")]
    [TestCase("User-Agent")]
    public void OrdinaryHeaders_AreKept(string name) => Redaction.HeaderValue(name, "v4lue").ShouldBe("v4lue");

    [TestCase("https://a.test/p?q=1#frag", "https://a.test/p?q=1")]
    [TestCase("https://a.test/p?access_token=xyz&q=1", "https://a.test/p?access_token=REDACTED&q=1")]
    [TestCase("https://a.test/p?X-Amz-Signature=abc", "https://a.test/p?X-Amz-Signature=REDACTED")]
    [TestCase("https://a.test/p?api%20key=abc", "https://a.test/p?api%20key=REDACTED")]
    [TestCase("http://u:p@a.test:8080/p", "http://REDACTED:REDACTED@a.test:8080/p")]
    [TestCase("https://a.test/p?flag&password=", "https://a.test/p?flag&password=REDACTED")]
    public void Url_MasksUserinfoAndSecretQueryValues(string url, string expected) =>
        Redaction.Url(new Uri(url)).ShouldBe(expected);
}
