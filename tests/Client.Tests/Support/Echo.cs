using System.Text.Json;
using Courier.Mocking;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.ClientTests.Support;

/// <summary>What a Kestrel echo endpoint saw: the request as it arrived on the wire.</summary>
public sealed record Seen(string Method, string RawTarget, string Path, string Query, List<string[]> Headers, string Body, string? Protocol)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h[0], name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1]).FirstOrDefault();

    public static Seen From(Response response) => response.Json<Seen>()!;
}

/// <summary>Test servers and clients used across the client tests.</summary>
public static class Echo
{
    /// <summary>Maps a catch-all endpoint that answers with a JSON <see cref="Seen"/>.</summary>
    public static void MapEcho(this WebApplication app, string pattern = "/{**path}") =>
        app.Map(pattern, (Delegate)WriteEchoAsync);

    public static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app => app.MapEcho());

    public static async Task WriteEchoAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = new List<string[]>();
        foreach (var (name, values) in ctx.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add([name, value ?? string.Empty]);
            }
        }

        var seen = new Seen(
            ctx.Request.Method,
            ctx.Features.Get<IHttpRequestFeature>()!.RawTarget,
            ctx.Request.Path.Value ?? string.Empty,
            ctx.Request.QueryString.Value ?? string.Empty,
            headers,
            body,
            ctx.Request.Protocol);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(seen, JsonSerializerOptions.Web));
    }

    /// <summary>A client over a <see cref="MockTransport"/> answering with <paramref name="handler"/>.</summary>
    public static Client MockClient(Func<Request, Response> handler, ClientOptions? options = null) =>
        new((options ?? new ClientOptions()) with { Transport = new MockTransport(handler) });

    /// <summary>A mock client that records every request it sees and answers 200 with an empty body.</summary>
    public static Client RecordingClient(List<Request> seen, ClientOptions? options = null) =>
        MockClient(
            r =>
            {
                lock (seen)
                {
                    seen.Add(r);
                }

                return new Response(200);
            },
            options);
}
