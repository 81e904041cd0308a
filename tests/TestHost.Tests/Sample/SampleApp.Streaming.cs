using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Courier.TestHostTests.Sample;

public static partial class SampleApp
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    private static string Id(HttpContext ctx) => ctx.Request.Query["id"].ToString();

    private static void MapSlowAndStreaming(IEndpointRouteBuilder app, AppProbe probe)
    {
        // Stalls before the head and ignores RequestAborted (it only reports it).
        app.MapGet("/slow", async ctx =>
        {
            var id = Id(ctx);
            probe.Watch(id, ctx.RequestAborted);
            await Task.Delay(int.Parse(ctx.Request.Query["ms"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
            await ctx.Response.WriteAsync("slow done");
        });

        // Sends a first chunk, then stalls.
        app.MapGet("/slow-body", async ctx =>
        {
            var id = Id(ctx);
            probe.Watch(id, ctx.RequestAborted);
            await ctx.Response.WriteAsync("first ");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Stall);
            await ctx.Response.WriteAsync("never seen in time");
        });

        // Flushes its headers, then waits for the test's go before writing the body.
        app.MapGet("/stream", async ctx =>
        {
            var id = Id(ctx);
            ctx.Response.Headers["X-Stream"] = "started";
            await ctx.Response.StartAsync();
            await ctx.Response.Body.FlushAsync();
            await probe.Signal("go:" + id).Task.WaitAsync(Stall);
            for (var i = 1; i <= 3; i++)
            {
                await ctx.Response.WriteAsync($"chunk{i}\n");
                await ctx.Response.Body.FlushAsync();
            }
        });

        // Never ends on its own: an event every 20 ms until the client goes away.
        app.MapGet("/sse", async ctx =>
        {
            var id = Id(ctx);
            probe.Watch(id, ctx.RequestAborted);
            ctx.Response.ContentType = "text/event-stream";
            try
            {
                for (var i = 0; ; i++)
                {
                    await ctx.Response.WriteAsync($"id: {i}\nevent: tick\ndata: {i}\n\n", ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                    await Task.Delay(20, ctx.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client left.
            }
            finally
            {
                probe.Signal("finished:" + id).TrySetResult();
            }
        });

        // Reports its first request bytes to the probe before the rest of the body exists.
        app.MapPost("/upload", async ctx =>
        {
            var id = Id(ctx);
            var buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
                probe.Signal("first-chunk:" + id).TrySetResult();
            }

            await ctx.Response.WriteAsync($"received {total}");
        });
    }

    private static void MapRuleBreakers(IEndpointRouteBuilder app)
    {
        app.MapMethods("/head", ["GET", "HEAD"], async ctx =>
        {
            ctx.Response.ContentLength = 10;
            await ctx.Response.WriteAsync("hello body");
        });

        // Declares 10 bytes, writes 5, ends.
        app.MapGet("/cl-short", async ctx =>
        {
            ctx.Response.ContentLength = 10;
            await ctx.Response.WriteAsync("12345");
        });

        // Declares 3 bytes and sends its head, then writes 5.
        app.MapGet("/cl-long", async ctx =>
        {
            ctx.Response.ContentLength = 3;
            await ctx.Response.StartAsync();
            await ctx.Response.WriteAsync("12345");
        });

        // Content-Length written as text with a leading zero: Kestrel sends the number it parsed ("12").
        app.MapMethods("/cl-text", ["GET", "HEAD"], async ctx =>
        {
            ctx.Response.Headers["Content-Length"] = "012";
            await ctx.Response.WriteAsync("hello world!");
        });

        app.MapGet("/trailers", async ctx =>
        {
            ctx.Response.DeclareTrailer("X-Checksum");
            await ctx.Response.WriteAsync("body");
            ctx.Response.AppendTrailer("X-Checksum", "abc123");
        });
    }
}
