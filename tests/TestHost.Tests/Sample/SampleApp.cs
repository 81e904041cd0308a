using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Courier.TestHostTests.Sample;

/// <summary>
/// The app both suites run against, in-process and on Kestrel: JSON, redirects, cookies, an auth-protected route,
/// endpoints that throw, slow and streaming endpoints, server-sent events, and a few that break HTTP's rules.
/// </summary>
public static partial class SampleApp
{
    public const string User = "alice";
    public const string Password = "s3cret";

    public static void Map(WebApplication app, AppProbe probe) => MapEndpoints(app, probe);

    public static void MapEndpoints(IEndpointRouteBuilder app, AppProbe probe)
    {
        app.MapGet("/json", () => Results.Json(new { name = "courier", items = new[] { 1, 2, 3 } }));
        app.MapPost("/echo-json", async (HttpContext ctx) =>
        {
            var doc = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            return Results.Json(new { received = doc, contentType = ctx.Request.ContentType });
        });
        app.MapGet("/info", (HttpContext ctx) => Results.Json(new
        {
            protocol = ctx.Request.Protocol,
            pathBase = ctx.Request.PathBase.Value ?? string.Empty,
            path = ctx.Request.Path.Value,
            remoteIp = ctx.Connection.RemoteIpAddress?.ToString(),
            remotePort = ctx.Connection.RemotePort,
            host = ctx.Request.Host.Value,
            query = ctx.Request.QueryString.Value ?? string.Empty,
        }));
        app.MapGet("/header-lines/{name}", (string name, HttpContext ctx) => Results.Json(ctx.Request.Headers[name].ToArray()));
        MapRedirectsAndCookies(app);
        MapAuth(app);
        MapFailures(app);
        MapSlowAndStreaming(app, probe);
        MapRuleBreakers(app);
    }

    private static void MapRedirectsAndCookies(IEndpointRouteBuilder app)
    {
        app.MapGet("/redirect/{n:int}", (int n) => n > 0 ? Results.Redirect($"/redirect/{n - 1}") : Results.Text("arrived"));
        app.MapPost("/submit", () => Results.Redirect("/json", permanent: false, preserveMethod: false));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/redirect-to", (string url) => Results.Redirect(url));
        app.MapGet("/cookies/set", (HttpContext ctx) =>
        {
            foreach (var (name, value) in ctx.Request.Query)
            {
                ctx.Response.Cookies.Append(name, value.ToString());
            }

            return Results.Redirect("/cookies");
        });
        app.MapGet("/cookies", (HttpContext ctx) => Results.Json(ctx.Request.Cookies.ToDictionary(c => c.Key, c => c.Value)));
    }

    private static void MapAuth(IEndpointRouteBuilder app) =>
        app.MapGet("/private", (HttpContext ctx) =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
            if (ctx.Request.Headers.Authorization.ToString() != expected)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"sample\"";
                return Results.StatusCode(401);
            }

            return Results.Json(new { user = User });
        });

    private static void MapFailures(IEndpointRouteBuilder app)
    {
        app.MapGet("/throw", (HttpContext _) => throw new InvalidOperationException("sample failure"));
        app.MapGet("/throw-after-start", async ctx =>
        {
            await ctx.Response.WriteAsync("partial body ");
            await ctx.Response.Body.FlushAsync();
            throw new InvalidOperationException("sample failure after start");
        });
        app.MapGet("/sync-io", ctx =>
        {
            ctx.Response.Body.Write("sync"u8);
            return Task.CompletedTask;
        });
    }
}
