// Starts a small app on 127.0.0.1 (a free port), then talks to it with Courier: JSON, a redirect, a stream.
using System.Net;
using Courier;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
await using var app = builder.Build();
app.MapGet("/json", () => Results.Json(new { name = "courier", version = 1 }));
app.MapGet("/old", () => Results.Redirect("/json"));
app.MapGet("/stream", async (HttpContext context) =>
{
    context.Response.ContentType = "text/event-stream";
    for (var i = 1; i <= 3; i++)
    {
        await context.Response.WriteAsync($"data: tick {i}\n\n");
        await context.Response.Body.FlushAsync();
        await Task.Delay(100);
    }
});
await app.StartAsync();
var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
Console.WriteLine($"sample app on {baseUrl}");

using var client = new Client(new ClientOptions { BaseUrl = baseUrl, FollowRedirects = true });

var json = await client.GetAsync("/json");
Console.WriteLine($"GET /json -> {json.StatusCode} {json.ReasonPhrase} ({json.HttpVersion}, {json.Elapsed.TotalMilliseconds:0} ms): {json.Text}");

var redirected = await client.GetAsync("/old");
Console.WriteLine($"GET /old -> {string.Join(" -> ", redirected.History.Select(h => h.StatusCode).Append(redirected.StatusCode))} at {redirected.Request.Url.AbsolutePath}");

await using var stream = await client.StreamAsync("GET", "/stream");
await foreach (var message in stream.ReadEventsAsync())
{
    Console.WriteLine($"event: {message.Data}");
}

await app.StopAsync();
