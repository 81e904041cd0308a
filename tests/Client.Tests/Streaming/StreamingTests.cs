using System.IO.Compression;
using Courier.ClientTests.Support;

namespace Courier.ClientTests.Streaming;

public class StreamingTests
{
    private static Client ClientAnswering(Func<Stream> body, string? contentType = null, Courier.Headers? headers = null) =>
        Echo.MockClient(_ => new Response(200, Body.Stream(body(), contentType: contentType), headers));

    private static async Task<List<string>> LinesAsync(params string[] chunks)
    {
        using var client = ClientAnswering(() => ChunkStream.Of(chunks));
        await using var response = await client.StreamAsync("GET", "https://api.test/");
        var lines = new List<string>();
        await foreach (var line in response.ReadLinesAsync())
        {
            lines.Add(line);
        }

        return lines;
    }

    [Test]
    public async Task Lines_SplitOnLfCrLfAndCr() =>
        (await LinesAsync("a\nb\r\nc\rd")).ShouldBe(["a", "b", "c", "d"]);

    [Test]
    public async Task Lines_SplitAcrossChunks_AreJoined() =>
        (await LinesAsync("hel", "lo\nwor", "ld", "\n")).ShouldBe(["hello", "world"]);

    [Test]
    public async Task Lines_CrAtChunkEnd_LfAtNextStart_AreOneLineBreak() =>
        (await LinesAsync("one\r", "\ntwo\r", "\r\nfour")).ShouldBe(["one", "two", "", "four"]);

    [Test]
    public async Task Lines_EmptyLinesAreKept_TrailingBreakAddsNone() =>
        (await LinesAsync("\n\na\n")).ShouldBe(["", "", "a"]);

    [Test]
    public void Lines_Sync_Twin()
    {
        using var client = ClientAnswering(() => ChunkStream.Of("x\r", "\ny"));
        using var response = client.Stream("GET", "https://api.test/");
        response.ReadLines().ShouldBe(["x", "y"]);
    }

    [Test]
    public async Task Text_MultiByteCharacterSplitAcrossChunks_IsKeptWhole()
    {
        using var client = Echo.MockClient(_ => new Response(200, Body.Stream(new ChunkStream([0x63, 0x61, 0x66, 0xC3], [0xA9, 0x21]), contentType: "text/plain; charset=utf-8")));
        await using var response = await client.StreamAsync("GET", "https://api.test/");
        var parts = new List<string>();
        await foreach (var part in response.IterTextAsync())
        {
            parts.Add(part);
        }

        string.Concat(parts).ShouldBe("café!");
        parts.ShouldNotContain(p => p.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Test]
    public async Task RawAndDecodedBytes_DifferForACompressedBody()
    {
        var plain = "hello hello hello hello"u8.ToArray();
        var gz = Gzip(plain);
        using var client = Echo.MockClient(_ => new Response(200, Body.Bytes(gz), new() { { "Content-Encoding", "gzip" } }));

        await using (var raw = await client.StreamAsync("GET", "https://api.test/"))
        {
            (await ConcatAsync(raw.IterRawAsync())).ShouldBe(gz);
        }

        await using (var decoded = await client.StreamAsync("GET", "https://api.test/"))
        {
            (await ConcatAsync(decoded.IterBytesAsync(chunkSize: 4))).ShouldBe(plain);
        }

        using var sync = client.Stream("GET", "https://api.test/");
        sync.IterBytes().SelectMany(c => c.ToArray()).ToArray().ShouldBe(plain);
        using var syncRaw = client.Stream("GET", "https://api.test/");
        syncRaw.IterRaw().SelectMany(c => c.ToArray()).ToArray().ShouldBe(gz);
        using var syncText = client.Stream("GET", "https://api.test/");
        string.Concat(syncText.IterText()).ShouldBe("hello hello hello hello");
    }

    [Test]
    public async Task ServerSentEvents_AreParsed()
    {
        using var client = ClientAnswering(
            () => ChunkStream.Of(
                ": comment\n",
                "event: greet\ndata: hello\ndata:  world\nid: 7\nretry: 1500\n\n",
                "data: {\"n\":1}\r\n\r\n",
                "data: only-id-stays\n",
                "\nevent: no-data\n\n",
                "data: unterminated"),
            "text/event-stream");
        await using var response = await client.StreamAsync("GET", "https://api.test/events");
        var events = new List<ServerSentEvent>();
        await foreach (var e in response.ReadEventsAsync())
        {
            events.Add(e);
        }

        events.Count.ShouldBe(3);
        events[0].ShouldBe(new ServerSentEvent("greet", "hello\n world", "7", TimeSpan.FromMilliseconds(1500)));
        events[1].Event.ShouldBe("message");
        events[1].Json<Dictionary<string, int>>()!["n"].ShouldBe(1);
        events[1].Id.ShouldBe("7");
        events[2].Data.ShouldBe("only-id-stays");
    }

    [Test]
    public void ServerSentEvents_Sync_Twin()
    {
        using var client = ClientAnswering(() => ChunkStream.Of("data: a\n\ndata: b\n\n"), "text/event-stream");
        using var response = client.Stream("GET", "https://api.test/");
        response.ReadEvents().Select(e => e.Data).ShouldBe(["a", "b"]);
    }

    [Test]
    public async Task SecondRead_ThrowsStreamConsumedException()
    {
        using var client = ClientAnswering(() => ChunkStream.Of("a", "b"));
        await using var response = await client.StreamAsync("GET", "https://api.test/");
        await foreach (var _ in response.IterBytesAsync())
        {
        }

        var ex = await Should.ThrowAsync<StreamConsumedException>(async () =>
        {
            await foreach (var _ in response.IterBytesAsync())
            {
            }
        });
        ex.Request.ShouldBe(response.Request);
        await Should.ThrowAsync<StreamConsumedException>(async () => await response.ReadBytesAsync());
        Should.Throw<StreamConsumedException>(() => response.ReadLines().ToList());
        Should.Throw<StreamException>(() => response.Content);
    }

    [Test]
    public async Task Content_OfUnreadStreamedResponse_ThrowsResponseNotReadException()
    {
        using var client = ClientAnswering(() => ChunkStream.Of("body"));
        await using var response = await client.StreamAsync("GET", "https://api.test/");

        var ex = Should.Throw<ResponseNotReadException>(() => response.Content);
        ex.Request.ShouldBe(response.Request);
        Should.Throw<ResponseNotReadException>(() => response.Text);

        (await response.ReadTextAsync()).ShouldBe("body");
        response.Text.ShouldBe("body");
        await foreach (var chunk in response.IterBytesAsync())
        {
            chunk.Length.ShouldBe(4);
        }
    }

    [Test]
    public async Task Reading_AfterDispose_ThrowsStreamClosedException()
    {
        using var client = ClientAnswering(() => ChunkStream.Of("body"));
        var response = await client.StreamAsync("GET", "https://api.test/");
        await response.DisposeAsync();
        await Should.ThrowAsync<StreamClosedException>(async () => await response.ReadBytesAsync());
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static async Task<byte[]> ConcatAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var all = new List<byte>();
        await foreach (var chunk in chunks)
        {
            all.AddRange(chunk.ToArray());
        }

        return [.. all];
    }
}
