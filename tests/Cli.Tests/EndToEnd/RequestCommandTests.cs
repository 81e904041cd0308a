using System.Text.Json;
using Courier.TestUtils;

namespace Courier.CliTests.EndToEnd;

/// <summary>Runs the built <c>courier</c> against a loopback Kestrel app: output, options and exit codes.</summary>
public sealed class RequestCommandTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await SampleServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Json_PrintsStatusHeadersAndPrettyBody_ExitsZero()
    {
        var result = await CliProcess.RunAsync([_server.At("/json")]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldNotContain("\u001b[", customMessage: "stdout is not a terminal: plain output");
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        lines[0].ShouldBe("HTTP/1.1 200 OK");
        lines.ShouldContain("Content-Type: application/json");
        result.Stdout.ShouldContain("{\n  \"name\": \"courier\",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"n\": 1.5,\n  \"ok\": true,\n  \"none\": null\n}\n");
    }

    [Test]
    public async Task NotFound_PrintsResponse_ExitsOne()
    {
        var result = await CliProcess.RunAsync([_server.At("/status/404")]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldStartWith("HTTP/1.1 404 Not Found");
        result.Stdout.ShouldContain("status 404");
    }

    [Test]
    public async Task Redirect_NotFollowedByDefault_ExitsOneWithTheRedirect()
    {
        var result = await CliProcess.RunAsync([_server.At("/redirect/1")]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldStartWith("HTTP/1.1 302 Found");
        result.Stdout.ShouldContain("Location: /json");
    }

    [Test]
    public async Task Verbose_FollowRedirects_ShowsEveryHopsRequestAndResponseHead()
    {
        var result = await CliProcess.RunAsync([_server.At("/redirect/2"), "--follow-redirects", "-v"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        var order = new[] { "> GET /redirect/2", "HTTP/1.1 302 Found", "Location: /redirect/1", "> GET /redirect/1", "HTTP/1.1 302 Found", "Location: /json", "> GET /json", "HTTP/1.1 200 OK" };
        var at = -1;
        foreach (var expected in order)
        {
            var next = Array.FindIndex(lines, at + 1, l => l == expected);
            next.ShouldBeGreaterThan(at, $"'{expected}' after line {at}:\n{result.Stdout}");
            at = next;
        }

        lines.ShouldContain($"> Host: {_server.Url.Authority}");
        lines.ShouldContain(l => l.StartsWith("> User-Agent: courier/", StringComparison.Ordinal));
        result.Stdout.ShouldContain("\"name\": \"courier\"");
    }

    [Test]
    public async Task Options_ParamsHeadersCookiesBasicAuthAndJson_ReachTheServer()
    {
        var result = await CliProcess.RunAsync([
            _server.At("/echo"), "-p", "q", "1", "-p", "q", "two words", "-h", "X-Test", "yes", "--cookies", "session", "abc",
            "--auth", "user", "pass", "-j", """{"a":1}""",
        ]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var echo = Echo(result);
        echo.GetProperty("method").GetString().ShouldBe("POST", "a body without -m means POST, as in httpx");
        echo.GetProperty("query").GetString().ShouldBe("?q=1&q=two%20words");
        echo.GetProperty("xTest").GetString().ShouldBe("yes");
        echo.GetProperty("cookie").GetString().ShouldBe("session=abc");
        echo.GetProperty("authorization").GetString().ShouldBe("Basic dXNlcjpwYXNz");
        echo.GetProperty("contentType").GetString().ShouldBe("application/json");
        echo.GetProperty("body").GetString().ShouldBe("""{"a":1}""");
    }

    [Test]
    public async Task Options_DataAndFiles_SendMultipart()
    {
        var folder = Directory.CreateTempSubdirectory("courier-cli-").FullName;
        try
        {
            var file = Path.Combine(folder, "note.txt");
            await File.WriteAllTextAsync(file, "file content");

            var result = await CliProcess.RunAsync([_server.At("/echo"), "-d", "name", "value", "-f", "upload", file]);

            result.ExitCode.ShouldBe(0, result.ToString());
            var echo = Echo(result);
            echo.GetProperty("contentType").GetString()!.ShouldStartWith("multipart/form-data");
            echo.GetProperty("form").GetProperty("name").GetString().ShouldBe("value");
            echo.GetProperty("files")[0].GetString().ShouldBe("upload=note.txt:file content");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Options_BearerAuthMethodAndContent_ReachTheServer()
    {
        var result = await CliProcess.RunAsync(["-m", "put", "-c", "raw text", "--auth-type", "bearer", "--auth", "tok123", _server.At("/echo")]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var echo = Echo(result);
        echo.GetProperty("method").GetString().ShouldBe("PUT");
        echo.GetProperty("authorization").GetString().ShouldBe("Bearer tok123");
        echo.GetProperty("body").GetString().ShouldBe("raw text");
    }

    [Test]
    public async Task BinaryBody_IsSummarisedNotDumped()
    {
        var result = await CliProcess.RunAsync([_server.At("/png")]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("<binary body: 2 KiB (2,048 bytes), image/png; use --download FILE to save it>");
        result.Stdout.ShouldNotContain("\0");
    }

    private static JsonElement Echo(CliResult result)
    {
        var text = result.Stdout.ReplaceLineEndings("\n");
        var start = text.IndexOf("\n\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, result.ToString());
        return JsonDocument.Parse(text[(start + 2)..]).RootElement.Clone();
    }
}
