using System.IO.Compression;
using System.Text;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Decoding;

public class DecodingTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Courier decodes this. ", 200)));

    internal static byte[] Encode(string coding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "zlib" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "raw-deflate" => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(coding)),
        })
        {
            encoder.Write(data);
        }

        return output.ToArray();
    }

    private static Response Answer(byte[] body, string contentEncoding, ClientOptions? options = null)
    {
        using var client = Echo.MockClient(_ => new Response(200, Body.Bytes(body), new() { { "Content-Encoding", contentEncoding } }), options);
        return client.Get("https://api.test/");
    }

    [TestCase("gzip", "gzip")]
    [TestCase("x-gzip", "gzip")]
    [TestCase("deflate", "zlib")]
    [TestCase("deflate", "raw-deflate")]
    [TestCase("br", "br")]
    public void SingleCoding_IsDecoded(string header, string coding) =>
        Answer(Encode(coding, Plain), header).Content.ToArray().ShouldBe(Plain);

    [Test]
    public void StackedCodings_AreUndoneInReverseOrder()
    {
        var twice = Encode("br", Encode("gzip", Plain));
        Answer(twice, "gzip, br").Content.ToArray().ShouldBe(Plain);

        using var client = Echo.MockClient(_ => new Response(200, Body.Bytes(Encode("gzip", Encode("zlib", Plain))), new() { { "Content-Encoding", "deflate" }, { "Content-Encoding", "gzip" } }));
        client.Get("https://api.test/").Content.ToArray().ShouldBe(Plain);
    }

    [Test]
    public void IdentityAndUnknownCodings_PassThrough()
    {
        Answer(Plain, "identity").Content.ToArray().ShouldBe(Plain);
        Answer(Plain, "compress-unknown").Content.ToArray().ShouldBe(Plain);
    }

    [TestCase("gzip")]
    [TestCase("deflate")]
    [TestCase("br")]
    public void CorruptBody_ThrowsDecodingException(string coding)
    {
        var ex = Should.Throw<DecodingException>(() => Answer("this is not compressed at all, not even close"u8.ToArray(), coding));
        ex.Request!.Url.ShouldBe(new Uri("https://api.test/"));
        ex.Message.ShouldContain(coding);
    }


    [TestCase("br", "br")]
    [TestCase("deflate", "zlib")]
    public void TruncatedBody_ThrowsDecodingException(string header, string coding)
    {
        var encoded = Encode(coding, Plain);
        Should.Throw<DecodingException>(() => Answer(encoded[..(encoded.Length - 3)], header));
        Should.Throw<DecodingException>(() => Answer(encoded[..(encoded.Length / 2)], header));
    }

    [Test]
    public void TooManyLayers_ThrowsDecodingException() =>
        Should.Throw<DecodingException>(() => Answer(Plain, "gzip, gzip, gzip, gzip, gzip, gzip")).Message.ShouldContain("at most 5");

    [Test]
    public void MaxDecodedBodySize_StopsABomb()
    {
        var bomb = Encode("gzip", new byte[20_000_000]);
        bomb.Length.ShouldBeLessThan(500_000);

        var ex = Should.Throw<DecodingException>(() => Answer(bomb, "gzip", new ClientOptions { MaxDecodedBodySize = 1_000_000 }));

        ex.Message.ShouldContain("1000000");
        ex.Message.ShouldContain("MaxDecodedBodySize");
    }

    [Test]
    public async Task RealServer_GzipDeflateBr_AreDecoded()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            foreach (var (path, header, coding) in new[] { ("/gzip", "gzip", "gzip"), ("/deflate", "deflate", "zlib"), ("/br", "br", "br") })
            {
                var bytes = Encode(coding, Plain);
                app.MapGet(path, (HttpContext ctx) =>
                {
                    ctx.Response.Headers.ContentEncoding = header;
                    ctx.Response.ContentType = "text/plain; charset=utf-8";
                    return ctx.Response.Body.WriteAsync(bytes).AsTask();
                });
            }
        });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        foreach (var path in new[] { "/gzip", "/deflate", "/br" })
        {
            var response = await client.GetAsync(path);
            response.Headers["Content-Encoding"].ShouldNotBeNull();
            response.Content.ToArray().ShouldBe(Plain, path);
        }

        await using var streamed = await client.StreamAsync("GET", "/gzip");
        var lines = new List<string>();
        await foreach (var text in streamed.IterTextAsync())
        {
            lines.Add(text);
        }

        Encoding.UTF8.GetBytes(string.Concat(lines)).ShouldBe(Plain);
    }
}
