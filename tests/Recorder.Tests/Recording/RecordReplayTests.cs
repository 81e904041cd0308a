using System.Text;
using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Recording against a real Kestrel server, then replaying with the server stopped.</summary>
public sealed class RecordReplayTests : RecorderTestBase
{
    [Test]
    public async Task Record_ThenReplayWithServerStopped_GivesSameStatusHeadersAndBytes()
    {
        string url;
        string recordedText;
        byte[] recordedBinary;
        await using (var server = await StartServerAsync())
        {
            url = server.Url.ToString();
            using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(null));
            using var client = new HttpClient(recorder);
            recorder.Mode.ShouldBe(RecordMode.Once);
            recordedText = await client.GetStringAsync(url + "hello?n=1");
            recordedBinary = await client.GetByteArrayAsync(url + "binary");
        }

        File.Exists(CassettePath).ShouldBeTrue();
        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(null));
        using var replayClient = new HttpClient(replay);

        using var response = await replayClient.GetAsync(url + "hello?n=1");
        (await response.Content.ReadAsStringAsync()).ShouldBe(recordedText);
        recordedText.ShouldBe("hello 1");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        response.Headers.GetValues("X-Count").ShouldBe(["1"]);
        response.Content.Headers.ContentLength.ShouldBe(7);
        (await replayClient.GetByteArrayAsync(url + "binary")).ShouldBe(recordedBinary);
        recordedBinary.ShouldBe(new byte[] { 0, 1, 2, 0xff, 0xfe, 0x80 });
    }

    [Test]
    public async Task Cassette_IsVcrPySchemaWithBinaryAsBase64AndSetCookieRedactedAsList()
    {
        await using var server = await StartServerAsync();
        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.NewEpisodes)))
        using (var client = new HttpClient(recorder))
        {
            await client.GetAsync(server.At("/hello"));
            await client.GetAsync(server.At("/binary"));
        }

        var yaml = await File.ReadAllTextAsync(CassettePath);
        yaml.ShouldContain("version: 1");
        yaml.ShouldContain("string: \"hello \"");
        yaml.ShouldContain("!!binary");
        yaml.ShouldContain("      Set-Cookie:\n      - REDACTED\n      - REDACTED\n");
        yaml.ShouldNotContain("a=1");
        yaml.ShouldContain("http_version: HTTP/1.1");
        yaml.ShouldContain("recorded_at: '");
    }

    [Test]
    public async Task Streamed_Response_IsRecordedWholeAndReplayedAsStream()
    {
        await using (var server = await StartServerAsync())
        {
            using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once));
            using var client = new HttpClient(recorder);
            using var live = await client.GetAsync(server.At("/stream"), HttpCompletionOption.ResponseHeadersRead);
            (await live.Content.ReadAsStringAsync()).ShouldBe("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
            Cassette.Load(CassettePath)!.Interactions.ShouldHaveSingleItem().Response.Headers.Contains("Transfer-Encoding").ShouldBeTrue();
        }

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(RecordMode.None));
        using var replayClient = new HttpClient(replay);
        var uri = Cassette.Load(CassettePath)!.Interactions[0].Request.Uri;
        using var response = await replayClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync()).ShouldBe("data: 0");
        response.Headers.TransferEncodingChunked.ShouldNotBe(true, "a replayed body has a known length");
        (await reader.ReadToEndAsync()).ShouldBe("\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
    }

    [Test]
    public async Task Compressed_Body_IsKeptAsSentByDefault()
    {
        await using var server = await StartServerAsync();
        using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }, Options(RecordMode.Once));
        using var client = new HttpClient(recorder);

        var live = await client.GetByteArrayAsync(server.At("/gzip"));

        var recorded = Cassette.Load(CassettePath)!.Interactions.ShouldHaveSingleItem().Response;
        recorded.Body.ShouldBe(live);
        recorded.Body[..2].ShouldBe(new byte[] { 0x1f, 0x8b });
        recorded.Headers.Get("Content-Encoding").ShouldBe("gzip");
    }

    [Test]
    public async Task Compressed_Body_IsDecodedWhenAsked()
    {
        await using var server = await StartServerAsync();
        var options = Options(RecordMode.Once) with { DecodeCompressedResponse = true };
        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }, options))
        using (var client = new HttpClient(recorder))
        {
            await client.GetAsync(server.At("/gzip"));
        }

        var recorded = Cassette.Load(CassettePath)!.Interactions.ShouldHaveSingleItem().Response;
        Encoding.UTF8.GetString(recorded.Body).ShouldBe("compressed hello");
        recorded.Headers.Contains("Content-Encoding").ShouldBeFalse();
        (await File.ReadAllTextAsync(CassettePath)).ShouldContain("string: compressed hello".Replace("string: ", "string: \"", StringComparison.Ordinal));
    }
}
