using System.Text;
using System.Text.Json;
using Courier.CliTests.EndToEnd;
using Courier.Recorder;

namespace Courier.CliTests.Recording;

/// <summary><c>courier cassette lint</c> and <c>courier cassette convert</c>, run as the built command.</summary>
public sealed class CassetteCommandTests
{
    private const string Token = "Bearer abcdefghijklmnopqrstuvwxyz0123456789";

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("courier-cassette-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static string Yaml(string requestHeaders, string responseHeaders, string body) => $$"""
        interactions:
        - request:
            body: null
            headers: {{requestHeaders}}
            method: GET
            uri: http://api.example.test/me
          response:
            body:
              string: {{body}}
            headers: {{responseHeaders}}
            status: {code: 200, message: OK}
        version: 1

        """;

    [Test]
    public async Task Lint_CleanCassette_Exits0()
    {
        var path = await WriteAsync("clean.yaml", Yaml("{Authorization: [REDACTED]}", "{Content-Length: ['2']}", "ok"));
        var result = await CliProcess.RunAsync(["cassette", "lint", path]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain("no findings");
    }

    [Test]
    public async Task Lint_SecretsAndStaleLength_Exit1_WithFileAndLine_WithoutPrintingTheSecret()
    {
        var path = await WriteAsync("dirty.yaml", Yaml($"{{Authorization: ['{Token}']}}", "{Content-Length: ['99']}", "ok"));
        var result = await CliProcess.RunAsync(["cassette", "lint", path]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"{path}:4: secret: interaction #1: the request header 'Authorization'");
        result.Stdout.ShouldContain($"{path}:10: stale-content-length:");
        (result.Stdout + result.Stderr).ShouldNotContain("abcdefghijklmnop");

        var json = await CliProcess.RunAsync(["cassette", "lint", path, "--json"]);
        json.ExitCode.ShouldBe(1);
        var findings = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("findings");
        findings.EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ShouldBe(["secret", "stale-content-length"]);
        json.Stdout.ShouldNotContain("abcdefghijklmnop");
    }

    [Test]
    public async Task Lint_UnreadableBodyAndFormatError_Exit1_NamingTheLine()
    {
        var body = await WriteAsync("body.yaml", Yaml("{}", "{}", "!!binary 'not*base64'"));
        var result = await CliProcess.RunAsync(["cassette", "lint", body]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"{body}:9: unreadable-body:");

        var broken = await WriteAsync("broken.yaml", "interactions:\n- request: {method: GET\nversion: 1\n");
        var format = await CliProcess.RunAsync(["cassette", "lint", broken]);
        format.ExitCode.ShouldBe(1, format.ToString());
        format.Stdout.ShouldMatch($@"^{System.Text.RegularExpressions.Regex.Escape(broken)}:\d+: format: ");
    }

    [Test]
    public async Task Lint_MissingFile_Exits2()
    {
        var result = await CliProcess.RunAsync(["cassette", "lint", Path.Combine(_dir, "absent.yaml")]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("absent.yaml");
    }

    [Test]
    public async Task Convert_VcrPyToRubyAndBack_KeepsEveryByte()
    {
        var source = Path.Combine(_dir, "source.yaml");
        var original = new Cassette(
        [
            new Interaction(
                new RecordedRequest { Method = "POST", Uri = "http://api.example.test/up?x=1", Body = [0, 1, 2, 0xff], Headers = new RecordedHeaders([new("Content-Type", ["application/octet-stream"])]) },
                new RecordedResponse { StatusCode = 200, ReasonPhrase = "OK", Headers = new RecordedHeaders([new("Set-Cookie", ["a=REDACTED", "b=REDACTED"])]), Body = Encoding.UTF8.GetBytes("héllo\nworld\n") }),
        ]);
        await original.SaveAsync(source);
        var ruby = Path.Combine(_dir, "ruby.yml");
        var toRuby = await CliProcess.RunAsync(["cassette", "convert", source, "--to", "ruby", "--output", ruby]);
        toRuby.ExitCode.ShouldBe(0, toRuby.ToString());
        (await File.ReadAllTextAsync(ruby)).ShouldContain("http_interactions:");

        var back = Path.Combine(_dir, "back.yaml");
        var toVcrPy = await CliProcess.RunAsync(["cassette", "convert", ruby, "--to", "vcrpy", "-o", back]);
        toVcrPy.ExitCode.ShouldBe(0, toVcrPy.ToString());
        var rubyAgain = Path.Combine(_dir, "again.yml");
        (await CliProcess.RunAsync(["cassette", "convert", back, "--to", "ruby", "-o", rubyAgain])).ExitCode.ShouldBe(0);
        (await File.ReadAllBytesAsync(rubyAgain)).ShouldBe(await File.ReadAllBytesAsync(ruby), "ruby → vcrpy → ruby gives identical bytes");

        foreach (var read in new[] { Cassette.Load(ruby)!, Cassette.Load(back)! })
        {
            var (request, response) = (read.Interactions.ShouldHaveSingleItem().Request, read.Interactions[0].Response);
            request.Method.ShouldBe("POST");
            request.Uri.ShouldBe("http://api.example.test/up?x=1");
            request.Body.ShouldBe(original.Interactions[0].Request.Body);
            request.Headers.Get("Content-Type").ShouldBe("application/octet-stream");
            response.Body.ShouldBe(original.Interactions[0].Response.Body);
            response.Headers.GetValues("Set-Cookie").ShouldBe(["a=REDACTED", "b=REDACTED"]);
        }

        Cassette.Load(ruby)!.Dialect.ShouldBe(CassetteDialect.RubyVcr);
    }

    [Test]
    public async Task Convert_ToHar_WritesHar12JsonToStdout()
    {
        var result = await CliProcess.RunAsync(["cassette", "convert", Courier.TestUtils.Fixtures.Path("cassettes", "ruby-vcr", "example.yml"), "--to", "har"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        var log = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("log");
        log.GetProperty("version").GetString().ShouldBe("1.2");
        log.GetProperty("entries").GetArrayLength().ShouldBe(3);
        log.GetProperty("entries")[0].GetProperty("startedDateTime").GetString().ShouldBe("2011-11-01T04:49:54.000Z");
    }

    [Test]
    public async Task Convert_UnknownFormatOrUnreadableInput_Exits2()
    {
        var badFormat = await CliProcess.RunAsync(["cassette", "convert", Path.Combine(_dir, "x.yaml"), "--to", "postman"]);
        badFormat.ExitCode.ShouldBe(2, badFormat.ToString());
        badFormat.Stderr.ShouldContain("postman");

        var notCassette = await WriteAsync("notes.yaml", "just: text\n");
        var result = await CliProcess.RunAsync(["cassette", "convert", notCassette, "--to", "har"]);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("line 1");
    }
}
