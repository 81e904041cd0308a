using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.Cli.Demo;

/// <summary>The demo's own server: Kestrel on 127.0.0.1, port 0 (the real port is read back), with the sample endpoints.</summary>
internal sealed class LoopbackDemoSource : IDemoSource
{
    private readonly WebApplication _app;

    private LoopbackDemoSource(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string Description => $"an embedded Kestrel server on {BaseUrl.Authority} (loopback only, no network needed)";

    public static async Task<LoopbackDemoSource> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackDemoSource(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app)
    {
        app.MapGet(DemoSamples.Json, (HttpContext context) => WriteAsync(
            context,
            "application/json",
            """{"name":"courier","kind":"demo","features":["http/1.1","http/2","timeouts","redirects","streaming"],"stars":42,"ok":true,"owner":null}"""));
        app.MapGet(DemoSamples.Redirect, (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = DemoSamples.Json;
            return Task.CompletedTask;
        });
        app.MapGet(DemoSamples.Stream, async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            for (var i = 1; i <= DemoSamples.StreamLines; i++)
            {
                await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"line {i} of {DemoSamples.StreamLines}\n"), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(150), context.RequestAborted).ConfigureAwait(false);
            }
        });
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
