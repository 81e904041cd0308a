using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

// Loopback server for bench/Network: HTTP/1.1 and h2c on 127.0.0.1 port 0, printed as "READY <http1> <h2c>".
// GET /small (5 bytes), GET /big?size=N (N bytes streamed), POST /sink (counts the body), GET /open (open connections).
var open = 0;
var endpoints = new Dictionary<HttpProtocols, ListenOptions>();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = null;
    k.Limits.Http2.MaxStreamsPerConnection = 100;
    foreach (var protocols in new[] { HttpProtocols.Http1, HttpProtocols.Http2 })
    {
        k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            endpoints[protocols] = listen;
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref open);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                }
            });
        });
    }
});

var app = builder.Build();
var small = "hello"u8.ToArray();
var chunk = new byte[64 * 1024];
app.MapGet("/small", (HttpContext ctx) =>
{
    ctx.Response.ContentLength = small.Length;
    return ctx.Response.Body.WriteAsync(small).AsTask();
});
app.MapGet("/big", async (HttpContext ctx) =>
{
    var size = long.Parse(ctx.Request.Query["size"].ToString(), CultureInfo.InvariantCulture);
    ctx.Response.ContentLength = size;
    for (long sent = 0; sent < size; sent += chunk.Length)
    {
        await ctx.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - sent)), ctx.RequestAborted);
    }
});
app.MapPost("/sink", async (HttpContext ctx) =>
{
    var buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
    {
        total += n;
    }

    return total.ToString(CultureInfo.InvariantCulture);
});
app.MapGet("/open", () => Volatile.Read(ref open) - 1); // minus the connection asking
await app.StartAsync();
// Kestrel writes the bound port back into each endpoint's options.
Console.WriteLine($"READY http://{endpoints[HttpProtocols.Http1].IPEndPoint} http://{endpoints[HttpProtocols.Http2].IPEndPoint}");
Console.Out.Flush();

// Runs until the driver closes stdin.
await Console.In.ReadToEndAsync();
await app.StopAsync();
