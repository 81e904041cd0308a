using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.Mocking.Server;

/// <summary>Builds the smallest Kestrel host that serves one request delegate on 127.0.0.1.</summary>
internal static class KestrelHost
{
    public static WebApplication Build(MockServerOptions options, X509Certificate2? certificate, RequestDelegate handler, RejectionLog rejections)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();

        // Kestrel's refusals (414, 431, 400) happen before any middleware; its bad-request log is the one place they show.
        builder.Logging.AddProvider(rejections);
        builder.Logging.AddFilter(RejectionLog.Category, LogLevel.Debug);
        builder.WebHost.UseKestrelCore();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = options.Https ? HttpProtocols.Http1AndHttp2
                    : options.Http2 ? HttpProtocols.Http2
                    : HttpProtocols.Http1;
                if (options.Https)
                {
                    listen.UseHttps(certificate!);
                }
            });
        });
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    public static Uri BoundUrl(WebApplication app, MockServerOptions options)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without an address.");
        var port = new Uri(address).Port;
        return new Uri($"{(options.Https ? "https" : "http")}://127.0.0.1:{port}/");
    }
}
