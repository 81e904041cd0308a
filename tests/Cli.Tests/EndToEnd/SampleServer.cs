using System.Globalization;
using System.Text;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.CliTests.EndToEnd;

/// <summary>The Kestrel app the process tests talk to (127.0.0.1, port 0).</summary>
public static class SampleServer
{
    public static Task<LoopbackServer> StartAsync(
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null,
        Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1) =>
        LoopbackServer.StartAsync(Map, protocols, certificate);

    /// <summary>Deterministic bytes for downloads (not text: every byte value occurs).</summary>
    public static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)((i * 31) + (i / 256))).ToArray();

    private static void Map(WebApplication app)
    {
        app.MapGet("/json", (HttpContext c) => Write(c, "application/json", """{"name":"courier","tags":["a","b"],"n":1.5,"ok":true,"none":null}"""));
        app.MapGet("/status/{code:int}", (HttpContext c, int code) => { c.Response.StatusCode = code; return Write(c, "text/plain", $"status {code}"); });
        app.MapGet("/redirect/{n:int}", (HttpContext c, int n) =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = n > 1 ? $"/redirect/{n - 1}" : "/json";
            return Task.CompletedTask;
        });
        app.Map("/echo", EchoAsync);
        app.MapGet("/stall", async (HttpContext c) => await Task.Delay(TimeSpan.FromSeconds(60), c.RequestAborted));
        app.MapGet("/bytes/{n:int}", (HttpContext c, int n) =>
        {
            c.Response.ContentLength = n;
            c.Response.ContentType = "application/octet-stream";
            return c.Response.Body.WriteAsync(Bytes(n), c.RequestAborted).AsTask();
        });
        app.MapGet("/png", (HttpContext c) =>
        {
            c.Response.ContentType = "image/png";
            return c.Response.Body.WriteAsync(Bytes(2048), c.RequestAborted).AsTask();
        });
        app.MapGet("/broken", async (HttpContext c) =>
        {
            c.Response.ContentLength = 1_000_000;
            c.Response.ContentType = "application/octet-stream";
            await c.Response.Body.WriteAsync(Bytes(64 * 1024), c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(300, c.RequestAborted);
            c.Abort();
        });
        app.MapGet("/slow", async (HttpContext c) =>
        {
            c.Response.ContentLength = 100_000_000;
            c.Response.ContentType = "application/octet-stream";
            var chunk = Bytes(1024);
            for (var i = 0; i < 600 && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                await Task.Delay(100, c.RequestAborted);
            }
        });
        app.MapGet("/paced", async (HttpContext c) =>
        {
            c.Response.ContentLength = 20 * 16 * 1024;
            c.Response.ContentType = "application/octet-stream";
            for (var i = 0; i < 20; i++)
            {
                await c.Response.Body.WriteAsync(Bytes(16 * 1024), c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                await Task.Delay(50, c.RequestAborted);
            }
        });
        app.MapGet("/long-header", (HttpContext c) =>
        {
            c.Response.Headers["X-Long"] = string.Join(' ', Enumerable.Range(1, 30).Select(i => "word" + i.ToString(CultureInfo.InvariantCulture)));
            return Write(c, "application/json", """{"message":"a fairly long string value that does not fit in forty columns at all"}""");
        });
    }

    /// <summary>Echoes the request as JSON: method, query, the headers the tests care about, form fields, file names and the body.</summary>
    private static async Task EchoAsync(HttpContext c)
    {
        var form = new Dictionary<string, string>();
        var files = new List<string>();
        string body = string.Empty;
        if (c.Request.HasFormContentType)
        {
            var read = await c.Request.ReadFormAsync(c.RequestAborted);
            foreach (var (key, value) in read)
            {
                form[key] = value.ToString();
            }

            foreach (var file in read.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                files.Add($"{file.Name}={file.FileName}:{await reader.ReadToEndAsync(c.RequestAborted)}");
            }
        }
        else
        {
            using var reader = new StreamReader(c.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(c.RequestAborted);
        }

        await c.Response.WriteAsJsonAsync(
            new
            {
                method = c.Request.Method,
                query = c.Request.QueryString.Value,
                authorization = c.Request.Headers.Authorization.ToString(),
                xTest = c.Request.Headers["X-Test"].ToString(),
                cookie = c.Request.Headers.Cookie.ToString(),
                contentType = c.Request.ContentType,
                form,
                files,
                body,
            },
            c.RequestAborted);
    }

    private static Task Write(HttpContext c, string contentType, string body)
    {
        c.Response.ContentType = contentType;
        return c.Response.WriteAsync(body, c.RequestAborted);
    }
}
