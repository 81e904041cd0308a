using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>What the transport keeps of recent request URLs (their path, host and query as the app's request gets them).</summary>
public sealed class UrlPartsTests
{
    [Test]
    public async Task SameUrl_SeenAgain_IsNotTakenApartAgain_TheAppGetsTheSamePath()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        var paths = new List<string?>();
        app.MapGet("/items/{id}", (HttpContext ctx) =>
        {
            lock (paths)
            {
                paths.Add(ctx.Request.Path.Value);
            }

            return Results.Text("ok");
        });
        await app.StartAsync();
        using var transport = new TestServerTransport(app, new TestServerTransportOptions { RootPath = "/api" });
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });

        for (var i = 0; i < 4; i++)
        {
            await client.GetAsync("/api/items/7");
        }

        await client.GetAsync("/api/items/8");

        // From its second call the client hands the transport the same Uri for the same URL; the transport keeps its parts
        // when it sees that Uri again (the third call), and from then on does not work them out (or allocate them) again.
        paths.Take(4).ShouldAllBe(p => p == "/items/7");
        paths[3].ShouldBeSameAs(paths[2]);
        paths[4].ShouldBe("/items/8");
    }
}
