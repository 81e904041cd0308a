using Courier;
using Courier.Mocking;

namespace DocsSnippets;

/// <summary>The record the docs deserialize into.</summary>
public sealed record User(int Id, string Name);

/// <summary>What the snippets' hidden set-up uses: a mock "API" answering the calls the guides make.</summary>
internal static class SampleApi
{
    /// <summary>A transport answering GET /users/{id}, POST /users, a redirect and a text stream; anything else 404.</summary>
    public static MockTransport Create()
    {
        var mock = new MockTransport();
        mock.Get("/v1/users/{id}").Respond(ctx => MockResponse.Json(new { id = int.Parse(ctx.RouteValues["id"], System.Globalization.CultureInfo.InvariantCulture), name = "Ada" }));
        mock.Get("/users/{id}").Respond(ctx => MockResponse.Json(new { id = int.Parse(ctx.RouteValues["id"], System.Globalization.CultureInfo.InvariantCulture), name = "Ada" }));
        mock.Post("/v1/users").Respond(ctx => MockResponse.Json(new { id = 7, name = ctx.Request.Json?.GetProperty("name").GetString() }, 201));
        mock.Post("/users").Respond(ctx => MockResponse.Json(new { id = 7, name = ctx.Request.Json?.GetProperty("name").GetString() }, 201));
        mock.Get("/v1/old").Respond(MockResponse.Status(301).WithHeader("Location", "/v1/users/1"));
        mock.Get("/v1/missing").Respond(404);
        mock.Get("/v1/slow").Fail(MockFault.ReadTimeout);
        mock.Get("/v1/log").Respond(MockResponse.Chunked(["line 1\n", "line 2\n", "line 3\n"]));
        mock.Any("/v1/*").Respond(ctx => MockResponse.Json(new
        {
            method = ctx.Request.Method,
            url = ctx.Request.Url.ToString(),
            contentType = ctx.Request.ContentType,
            body = ctx.Request.Text,
            headers = ctx.Request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value))),
        }));
        return mock;
    }

    public static Client Client(MockTransport mock) =>
        new(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.example.test/v1/") });
}
