using Courier.Recorder;
using Courier.Recorder.Conversion;

namespace Courier.RecorderTests.Conversion;

public sealed class CassetteLinterTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    private const string Aws = "AKIAIOSFODNN7EXAMPLE";

    private static string Interaction(string uri, string requestHeaders = "{}", string responseHeaders = "{}", string body = "ok", string requestBody = "null") => $"""
        - request:
            body: {requestBody}
            headers: {requestHeaders}
            method: GET
            uri: {uri}
          response:
            body:
              string: {body}
            headers: {responseHeaders}
            status: {"{code: 200, message: OK}"}

        """;

    private static string Cassette(params string[] interactions) => "interactions:\n" + string.Concat(interactions) + "version: 1\n";

    [Test]
    public void CleanCassette_HasNoFindings()
    {
        var mixed = ConvertSamples.Mixed().Interactions.Select(i => i with { Response = i.Response with { Headers = i.Response.Headers.Without("Set-Cookie") } });
        var report = CassetteLinter.LintText(new Cassette(mixed).ToYaml());
        report.Findings.ShouldBeEmpty();
        report.Interactions.ShouldBe(4);
        report.IsClean.ShouldBeTrue();
    }

    [Test]
    public void Secrets_AreReportedByPlaceAndLine_NeverByValue()
    {
        var text = Cassette(
            Interaction("http://api.example.test/a", requestHeaders: "{Authorization: [Bearer abcdefghijklmnopqrstuvwxyz012345], X-Api-Key: [REDACTED]}"),
            Interaction($"http://api.example.test/b?token={Jwt}", responseHeaders: "{Set-Cookie: ['session=REDACTED; Path=/', 'id=live-value-123']}"),
            Interaction("http://api.example.test/c", body: $"'key {Aws} here'"),
            Interaction("http://ada:hunter2@api.example.test/d"),
            Interaction("http://api.example.test/e", requestHeaders: "{Authorization: ['Bearer <TOKEN>'], Cookie: ['a=REDACTED; b=[FILTERED]']}"));

        var report = CassetteLinter.LintText(text, "secrets.yaml");

        var secrets = report.Findings.Where(f => f.Kind == LintKind.Secret).ToList();
        secrets.Select(f => f.Interaction).ShouldBe([1, 2, 2, 3, 4], string.Join("\n", report.Findings));
        secrets[0].Message.ShouldContain("'Authorization'");
        secrets[0].Line.ShouldBe(4, "the line of the request headers");
        secrets.ShouldContain(f => f.Message.Contains("JWT", StringComparison.Ordinal) && f.Message.Contains("request URI", StringComparison.Ordinal));
        secrets.ShouldContain(f => f.Message.Contains("'Set-Cookie'", StringComparison.Ordinal));
        secrets.ShouldContain(f => f.Message.Contains("cloud", StringComparison.Ordinal) && f.Message.Contains("response body", StringComparison.Ordinal));
        secrets.ShouldContain(f => f.Message.Contains("user:password@", StringComparison.Ordinal) && f.Interaction == 4);
        foreach (var finding in report.Findings)
        {
            foreach (var secret in new[] { "abcdefghijklmnop", Jwt[..20], "live-value-123", Aws, "hunter2" })
            {
                finding.Message.ShouldNotContain(secret);
            }
        }
    }

    [Test]
    public void StaleContentLength_IsReportedOnTheHeaderLine_ExceptForHeadAnd304()
    {
        var text = Cassette(
            Interaction("http://api.example.test/a", responseHeaders: "{Content-Length: ['10']}", body: "short"),
            Interaction("http://api.example.test/b", responseHeaders: "{Content-Length: ['5']}", body: "exact"));
        var report = CassetteLinter.LintText(text);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Kind.ShouldBe(LintKind.StaleContentLength);
        finding.Interaction.ShouldBe(1);
        finding.Message.ShouldContain("(10)");
        finding.Message.ShouldContain("5-byte");

        var head = Cassette(Interaction("http://api.example.test/a", responseHeaders: "{Content-Length: ['10']}", body: "''").Replace("method: GET", "method: HEAD", StringComparison.Ordinal));
        CassetteLinter.LintText(head).Findings.ShouldBeEmpty();
    }

    [Test]
    public void UnreadableBodies_AreReportedPerInteraction_WithoutHidingTheOthers()
    {
        var text = Cassette(
            Interaction("http://api.example.test/a", body: "!!binary 'not base64 at all!!'"),
            Interaction("http://api.example.test/b", responseHeaders: "{Content-Encoding: [gzip]}", body: "plain text"),
            Interaction("http://api.example.test/c", requestHeaders: "{Cookie: ['session=real']}"));
        var report = CassetteLinter.LintText(text, "bodies.yaml");

        report.Findings.Select(f => (f.Kind, f.Interaction)).ShouldBe([(LintKind.UnreadableBody, 1), (LintKind.UnreadableBody, 2), (LintKind.Secret, 3)], string.Join("\n", report.Findings));
        report.Findings[0].Message.ShouldContain("base64");
        report.Findings[0].Line.ShouldBeGreaterThan(0);
        report.Findings[1].Message.ShouldContain("gzip");
        Should.Throw<CassetteFormatException>(() => Courier.Recorder.Cassette.Parse(text), "loading stops at the first bad body; lint does not");
    }

    [TestCase("interactions:\n- request: [unclosed\nversion: 1\n", 2)]
    [TestCase("interactions:\n- request:\n    method: GET\n  response: {}\nversion: 1\n", 3)]
    [TestCase("- just\n- a list\n", 1)]
    public void FormatErrors_NameTheLine(string text, int line)
    {
        var finding = CassetteLinter.LintText(text).Findings.ShouldHaveSingleItem();
        finding.Kind.ShouldBe(LintKind.Format);
        finding.Line.ShouldBe(line, finding.Message);
    }

    [Test]
    public void Lint_AMissingFile_Throws() =>
        Should.Throw<FileNotFoundException>(() => CassetteLinter.Lint(Path.Combine(Path.GetTempPath(), "courier-no-such-cassette.yaml")));
}
