using Courier;
using Courier.Mocking;
using Courier.Recorder;
using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace DocsSnippets;

/// <summary>The snippets of the package READMEs (src/*/README.md).</summary>
[Category("Docs")]
public sealed class ReadmeSnippets
{
    [Test]
    public async Task Client()
    {
        var transport = SampleApi.Create();

        #region readme-client
        using var client = new Client(new ClientOptions
        {
            BaseUrl = new Uri("https://api.example.test/v1/"),
            Timeouts = new Timeouts(TimeSpan.FromSeconds(10)),
            Transport = transport,
        });
        var response = await client.GetAsync("users/42", new RequestOptions { Params = new() { ["expand"] = "teams" } });
        response.EnsureSuccess();
        Console.WriteLine(response.Json<User>()?.Name);
        #endregion

        response.Json<User>().ShouldBe(new User(42, "Ada"));
        response.Request.Url.Query.ShouldBe("?expand=teams");
    }

    [Test]
    public async Task Mocking()
    {
        #region readme-mocking
        var mock = new MockTransport();
        mock.Get("/users/{id}").Respond(ctx => MockResponse.Json(new { id = ctx.RouteValues["id"], name = "Ada" }));

        using var client = new Client(new ClientOptions { Transport = mock, BaseUrl = new Uri("https://api.test") });
        var user = await client.GetAsync("/users/42");
        mock.AssertNoUnmatched();
        #endregion

        user.Text.ShouldBe("""{"id":"42","name":"Ada"}""");
    }

    [Test]
    public async Task Recording()
    {
        var folder = Directory.CreateTempSubdirectory("courier-docs-").FullName;
        try
        {
            var cassettePath = Path.Combine(folder, "users.yaml");
            var recorded = new RecordedResponse { StatusCode = 200, Body = """{"id":42,"name":"Ada"}"""u8.ToArray() };
            await new Cassette([new Interaction(new RecordedRequest { Method = "GET", Uri = "https://api.example.test/users/42" }, recorded)], cassettePath).SaveAsync();

            #region readme-recorder
            using var recorder = Recorder.Open(cassettePath, inner: new HttpTransport());
            using var client = new Client(new ClientOptions { Transport = recorder });
            var user = await client.GetAsync("https://api.example.test/users/42");
            #endregion

            user.Json<User>().ShouldBe(new User(42, "Ada")); // replayed: api.example.test does not exist
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task TestHost()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/hello", () => "hello");
        await app.StartAsync();

        #region readme-testhost
        await using var client = app.CreateCourierClient();
        var hello = await client.GetAsync("/hello");
        #endregion

        hello.Text.ShouldBe("hello");
    }
}
