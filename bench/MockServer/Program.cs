// Usage: Courier.Bench.MockServer mock|bare [h2c|until-term] — prints the URL to hit, serves until stdin closes
// (until-term: until SIGTERM instead, the start-up limit for `courier mock` in first-response.sh).
// mock: MockServer with 100 stubs, the request matching the last one added. bare: a Kestrel endpoint returning "hello".
// h2c: HTTP/2 over cleartext with prior knowledge (for h2load) instead of HTTP/1.1 (for wrk).
using System.Net;
using Courier.Mocking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args.Length is < 1 or > 2 || args[0] is not ("mock" or "bare") || (args.Length == 2 && args[1] is not ("h2c" or "until-term")))
{
    Console.Error.WriteLine("usage: Courier.Bench.MockServer mock|bare [h2c|until-term]");
    return 2;
}

var h2c = args.Length == 2 && args[1] == "h2c";
var untilTerm = args.Length == 2 && args[1] == "until-term";
if (args[0] == "mock")
{
    await using var server = await MockServer.StartAsync(new MockServerOptions { Http2 = h2c });
    for (var i = 0; i < 99; i++)
    {
        server.Get($"/stub/{i}").Respond(MockResponse.Text("hello"));
    }

    server.Get("/target").Respond(MockResponse.Text("hello"));
    Console.WriteLine($"{server.Url}target");
    await Console.In.ReadToEndAsync();
    return 0;
}

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
builder.Logging.ClearProviders();
builder.WebHost.UseKestrelCore();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = h2c ? HttpProtocols.Http2 : HttpProtocols.Http1);
});
await using var app = builder.Build();
app.Run(c =>
{
    c.Response.ContentType = "text/plain; charset=utf-8";
    c.Response.ContentLength = 5;
    return c.Response.WriteAsync("hello");
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"{address}/target");
if (untilTerm)
{
    await app.WaitForShutdownAsync();
    return 0;
}

await Console.In.ReadToEndAsync();
await app.StopAsync();
return 0;
