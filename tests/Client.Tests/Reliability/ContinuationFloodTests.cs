using System.Diagnostics;
using System.Text;
using Courier.TestUtils.Faults;

namespace Courier.ClientTests.Reliability;

/// <summary>
/// RELIABILITY.md client row 3, HTTP/2: a CONTINUATION flood (a HEADERS frame without END_HEADERS followed by many
/// CONTINUATION frames) from a scripted h2c server. Courier (Http1 = false, Http2 = true) stops at the response-head
/// limit with a typed error, reads no further (bounded memory) and never hangs.
/// </summary>
public class ContinuationFloodTests
{
    private const int FloodFrames = 4_000;

    /// <summary>One CONTINUATION payload: ~16 KB of literal header fields (HPACK "literal without indexing, new name").</summary>
    private static byte[] HeaderFields()
    {
        var block = new List<byte>();
        var value = Encoding.ASCII.GetBytes(new string('a', 100));
        while (block.Count + 106 <= 16_384)
        {
            block.AddRange([0x00, 3, (byte)'x', (byte)'-', (byte)'f', (byte)value.Length]);
            block.AddRange(value);
        }

        return [.. block];
    }

    private static Client H2cClient(ScriptedH2cServer server) => new(new ClientOptions
    {
        BaseUrl = server.Url,
        Http1 = false,
        Http2 = true,
        Timeouts = new Timeouts(TimeSpan.FromSeconds(10)),
    });

    [Test]
    public async Task Row3_Http2ContinuationFlood_EndsAtTheHeadLimit_WithATypedError_AndNoFurtherReading()
    {
        var sent = 0;
        var gone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedH2cServer.Start(async h2 =>
        {
            // ":status: 200" (static table index 8), then 4,000 CONTINUATION frames of 16 KB each (64 MB), never END_HEADERS.
            await h2.WriteFrameAsync(ScriptedH2cServer.Headers, 0, h2.StreamId, new byte[] { 0x88 });
            var fields = HeaderFields();
            try
            {
                for (; sent < FloodFrames; sent++)
                {
                    await h2.WriteFrameAsync(ScriptedH2cServer.Continuation, 0, h2.StreamId, fields);
                }

                gone.TrySetResult(false);
            }
            catch (Exception)
            {
                gone.TrySetResult(true);
            }
        });
        using var client = H2cClient(server);
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/"));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        ex.Message.ShouldContain("127.0.0.1");
        ex.Message.ShouldContain("65536 bytes");

        // The client dropped the connection at the limit instead of reading (and buffering) the 64 MB flood.
        (await gone.Task.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBeTrue($"the server could send all {FloodFrames} frames");
        sent.ShouldBeLessThan(FloodFrames);
    }

    [Test]
    public async Task Row3_Http2EmptyContinuationFlood_IsBoundedByTheReadTimeout_NoHang()
    {
        await using var server = ScriptedH2cServer.Start(async h2 =>
        {
            // Zero-length CONTINUATION frames add nothing to the head: 200,000 of them, then silence (no END_HEADERS).
            await h2.WriteFrameAsync(ScriptedH2cServer.Headers, 0, h2.StreamId, new byte[] { 0x88 });
            for (var i = 0; i < 200_000; i++)
            {
                await h2.WriteFrameAsync(ScriptedH2cServer.Continuation, 0, h2.StreamId, ReadOnlyMemory<byte>.Empty);
            }

            await Task.Delay(TimeSpan.FromSeconds(30));
        });
        using var client = H2cClient(server);
        var watch = Stopwatch.StartNew();

        await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/", new RequestOptions { Timeouts = new Timeouts(TimeSpan.FromSeconds(2)) }));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
