using System.IO.Compression;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Streaming;

/// <summary><see cref="Response.OpenBodyStream"/>: the decoded body read with the caller's own buffer, over a real socket.</summary>
public class BodyStreamTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 2 * 1024 * 1024).Select(i => (byte)(i * 31)).ToArray();

    private static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/big", (HttpContext ctx) => ctx.Response.Body.WriteAsync(Payload).AsTask());
        app.MapGet("/gz", async (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(ctx.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(Payload);
        });
    });

    [TestCase("/big")]
    [TestCase("/gz")]
    public async Task OpenBodyStream_GivesTheDecodedBody_ThroughTheCallersBuffer(string path)
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        await using var response = await client.StreamAsync("GET", path);

        using var copy = new MemoryStream();
        await using (var body = response.OpenBodyStream())
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                copy.Write(buffer, 0, read);
            }
        }

        copy.ToArray().ShouldBe(Payload);
        response.IsClosed.ShouldBeTrue();
        Should.Throw<StreamConsumedException>(() => response.OpenBodyStream());
    }

    [Test]
    public async Task OpenBodyStream_OverTheNetwork_StopsElapsedAtTheEndOfTheBody_BeforeItIsClosed()
    {
        // The network body's reads go straight to the timed stream (no frame of the body stream's own), which tells the
        // response where the body ended.
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        await using var response = await client.StreamAsync("GET", "/big");
        var body = response.OpenBodyStream();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        var atEnd = response.Elapsed;
        await Task.Delay(100);

        total.ShouldBe(Payload.Length);
        response.Elapsed.ShouldBe(atEnd);
        await body.DisposeAsync();
    }

    [Test]
    public async Task OpenBodyStream_AfterTheBodyWasRead_GivesItFromMemory()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        var response = await client.GetAsync("/big");

        using var body = response.OpenBodyStream();
        using var copy = new MemoryStream();
        body.CopyTo(copy);

        copy.ToArray().ShouldBe(Payload);
    }

    [Test]
    public async Task OpenBodyStream_DisposedHalfRead_ReleasesTheConnection()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Limits = new Limits { MaxConnections = 1 }, Timeouts = new Timeouts(TimeSpan.FromSeconds(5)) });

        for (var i = 0; i < 3; i++)
        {
            await using var response = await client.StreamAsync("GET", "/big");
            await using var body = response.OpenBodyStream();
            (await body.ReadAsync(new byte[1024])).ShouldBeGreaterThan(0);
        }

        (await client.GetAsync("/big")).Content.Length.ShouldBe(Payload.Length);
    }
}
