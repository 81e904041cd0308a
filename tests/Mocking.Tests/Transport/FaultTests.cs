using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.Transport;

/// <summary>Simulated faults reach Courier's client as its typed exceptions, and a plain HttpClient as HttpRequestException/IOException.</summary>
public sealed class FaultTests : MockTransportTestBase
{
    private static readonly (MockFault Fault, Type Expected)[] Cases =
    [
        (MockFault.ConnectError, typeof(ConnectException)),
        (MockFault.ConnectTimeout, typeof(ConnectTimeoutException)),
        (MockFault.ReadTimeout, typeof(ReadTimeoutException)),
        (MockFault.WriteTimeout, typeof(WriteTimeoutException)),
        (MockFault.PoolTimeout, typeof(PoolTimeoutException)),
        (MockFault.ConnectionReset, typeof(ReadException)),
        (MockFault.ServerDisconnected, typeof(RemoteProtocolException)),
    ];

    [Test]
    public async Task Fault_ThroughClient_SurfacesAsCourierType()
    {
        foreach (var (fault, expected) in Cases)
        {
            var mock = new MockTransport();
            mock.Get("/x").Fail(fault);
            await using var client = ClientFor(mock);

            var ex = await Should.ThrowAsync<RequestException>(() => client.GetAsync("/x"));

            ex.GetType().ShouldBe(expected, $"fault {fault}");
            ex.Request.ShouldNotBeNull().Url.ShouldBe(new Uri("http://api.test/x"));
            ex.Message.ShouldContain("simulated by MockTransport");
        }
    }

    [Test]
    public async Task Fault_ThroughHttpClient_IsHttpRequestExceptionWithCourierInner()
    {
        var mock = new MockTransport();
        mock.Get("/x").Fail(MockFault.ConnectError);
        using var http = HttpClientFor(mock);

        var ex = await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync("/x"));

        ex.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
        ex.InnerException.ShouldBeOfType<ConnectException>();
        mock.Routes[0].LastCall!.Exception.ShouldBe(ex);
    }

    [Test]
    public async Task BodyBreakingMidStream_ThroughClient_ReadExceptionAfterPartialBody()
    {
        var mock = new MockTransport();
        mock.Get("/big").Respond(MockResponse.Bytes(new byte[1000], "application/octet-stream").WithBodyBreakingAfter(100));
        await using var client = ClientFor(mock);

        await using var response = await client.StreamAsync("GET", "/big");
        var received = 0;
        var ex = await Should.ThrowAsync<ReadException>(async () =>
        {
            await foreach (var chunk in response.IterRawAsync(chunkSize: 30))
            {
                received += chunk.Length;
            }
        });

        received.ShouldBe(100);
        ex.Message.ShouldContain("in the middle of the body");
    }

    [Test]
    public async Task BodyBreakingMidStream_WithServerDisconnect_IsRemoteProtocolErrorOnRead()
    {
        var mock = new MockTransport();
        mock.Get("/big").Respond(MockResponse.Chunked(["abc", "def"]).WithBodyBreakingAfter(4, MockFault.ServerDisconnected));
        await using var client = ClientFor(mock);

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/big"));
    }

    [Test]
    public async Task Throw_CustomException_PassesThroughAsIs()
    {
        var mock = new MockTransport();
        mock.Get("/x").Respond(MockResponse.Throw(request => new ProxyException("proxy said no", request)));
        await using var client = ClientFor(mock);

        var ex = await Should.ThrowAsync<ProxyException>(() => client.GetAsync("/x"));

        ex.Message.ShouldBe("proxy said no");
    }

    [Test]
    public async Task Fault_ThroughSyncClient_SurfacesAsCourierType()
    {
        var mock = new MockTransport();
        mock.Post("/x").Fail(MockFault.ReadTimeout);
        using var client = ClientFor(mock);

        Should.Throw<ReadTimeoutException>(() => client.Post("/x", Body.Text("payload")));

        Encoding.UTF8.GetString(mock.Routes[0].LastCall!.Request.Body.Span).ShouldBe("payload");
    }
}
