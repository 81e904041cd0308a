using Courier.Mocking;
using Courier.Mocking.Matching;

namespace Courier.MockingTests.Transport;

public sealed class BadInputTests : MockTransportTestBase
{
    [Test]
    public void ResponseHeader_WithCrLf_IsRefusedWhenDeclared() =>
        Should.Throw<LocalProtocolException>(() => MockResponse.Status(200).WithHeader("X-A", "1\r\nInjected: yes"));

    [TestCase("/users/{}")]
    [TestCase("/users/{id")]
    [TestCase("/a/{id}/b/{id}")]
    [TestCase("/a/{bad-name}")]
    public void PathTemplate_Invalid_ThrowsArgumentException(string template) =>
        Should.Throw<ArgumentException>(() => new MockTransport().Get(template));

    [Test]
    public void UrlPattern_RelativeWithoutSlash_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => new MockTransport().Get("users"));

    [Test]
    public void StatusCode_OutOfRange_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => MockResponse.Status(99));

    [Test]
    public async Task RegexGivenWithoutTimeout_GetsTheMockTimeout()
    {
        var mock = new MockTransport(new MockTransportOptions { RegexTimeout = TimeSpan.FromMilliseconds(30) });
        mock.Get("/h").WithHeader("X-Long", ValuePattern.Matching(new System.Text.RegularExpressions.Regex("^(a|aa)+$"), TimeSpan.FromMilliseconds(30))).Respond(200);
        using var http = HttpClientFor(mock);
        using var message = new HttpRequestMessage(HttpMethod.Get, "/h");
        message.Headers.Add("X-Long", new string('a', 60) + "b");

        var ex = await Should.ThrowAsync<UnmatchedRequestException>(() => http.SendAsync(message));

        ex.Report.ShouldContain("Header does not match (the regex timed out)");
    }
}
