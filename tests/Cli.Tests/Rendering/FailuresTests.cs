using System.Net.Sockets;
using System.Security.Authentication;
using Courier.Cli;

namespace Courier.CliTests.Rendering;

public sealed class FailuresTests
{
    private static readonly object[] Cases =
    [
        new object[] { new ConnectTimeoutException("slow"), "connect timeout" },
        new object[] { new ReadTimeoutException("slow"), "read timeout" },
        new object[] { new ConnectException("x", null, new HttpRequestException("y", new SocketException((int)SocketError.ConnectionRefused))), "connection refused" },
        new object[] { new ConnectException("x", null, new AuthenticationException("bad cert")), "TLS error" },
        new object[] { new TooManyRedirectsException("loop"), "too many redirects" },
        new object[] { new RemoteProtocolException("garbage"), "protocol error" },
    ];

    [TestCaseSource(nameof(Cases))]
    public void Kind_NamesTheFailure(Exception exception, string kind) => Failures.Kind(exception).ShouldBe(kind);

    [Test]
    public void OneLine_FoldsLineBreaks() =>
        Failures.OneLine(new ReadException("first\nsecond\r\nthird")).ShouldBe("courier: error: network error: first second third");
}
