using System.IO.Compression;
using System.Text;
using Courier.Recorder;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.RecorderTests.Recording;

/// <summary>A temp folder per test, a Kestrel loopback server with a few routes, and helpers.</summary>
public abstract class RecorderTestBase
{
    protected string Dir { get; private set; } = null!;

    protected string CassettePath => Path.Combine(Dir, "cassette.yaml");

    /// <summary>Environment with neither CI nor COURIER_RECORD_MODE set, so tests do not depend on the machine's.</summary>
    protected static Func<string, string?> CleanEnvironment { get; } = _ => null;

    [SetUp]
    public void CreateDir() => Directory.CreateDirectory(Dir = Path.Combine(Path.GetTempPath(), $"courier-rec-{Guid.NewGuid():N}"));

    [TearDown]
    public void DeleteDir() => Directory.Delete(Dir, recursive: true);

    protected static RecorderOptions Options(RecordMode? mode) => new() { Mode = mode, Environment = CleanEnvironment };

    protected static async Task<LoopbackServer> StartServerAsync(Action<WebApplication>? extra = null)
    {
        var counter = 0;
        return await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/hello", (HttpContext c) =>
            {
                c.Response.Headers["X-Count"] = Interlocked.Increment(ref counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                c.Response.Headers.Append("Set-Cookie", "a=1; Path=/, with comma");
                c.Response.Headers.Append("Set-Cookie", "b=2; Path=/");
                return Results.Text("hello " + c.Request.Query["n"], "text/plain");
            });
            app.MapPost("/echo", async (HttpContext c) =>
            {
                using var copy = new MemoryStream();
                await c.Request.Body.CopyToAsync(copy);
                c.Response.ContentType = c.Request.ContentType ?? "application/octet-stream";
                await c.Response.Body.WriteAsync(copy.ToArray());
            });
            app.MapGet("/gzip", async (HttpContext c) =>
            {
                c.Response.Headers.ContentEncoding = "gzip";
                c.Response.ContentType = "text/plain";
                await c.Response.Body.WriteAsync(Gzip("compressed hello"));
            });
            app.MapGet("/stream", async (HttpContext c) =>
            {
                c.Response.ContentType = "text/event-stream";
                for (var i = 0; i < 5; i++)
                {
                    await c.Response.WriteAsync($"data: {i}\n\n");
                    await c.Response.Body.FlushAsync();
                    await Task.Delay(20);
                }
            });
            app.MapGet("/binary", () => Results.Bytes([0, 1, 2, 0xff, 0xfe, 0x80], "application/octet-stream"));
            extra?.Invoke(app);
        });
    }

    protected static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>An inner transport that fails the test if the recorder ever reaches the network.</summary>
    protected sealed class NoNetwork : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("The recorder went to the network in a replay-only test: " + request.RequestUri);
        }
    }
}
