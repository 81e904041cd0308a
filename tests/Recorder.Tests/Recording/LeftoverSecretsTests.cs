using System.Text;
using Courier.Recorder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>
/// RELIABILITY row 15 / issue 11: secrets left in a cassette are rewritten in memory on load, fail the load in CI or
/// strict mode with a report that names places (never values), and are rewritten at record time before saving.
/// </summary>
public sealed class LeftoverSecretsTests : RecorderTestBase
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFreSJ9.c2lnbmF0dXJlLXZhbHVl";

    private static readonly string[] Secrets = ["real-auth-value", "cookie-value-1", "setcookie-value-2", "key-value-3", "pa55word", "qs-token-4", "form-secret-5", "json-key-6", "resp-token-7", "eyJzdWIiOiJsZWFreSJ9"];

    private static readonly string LeakyYaml = $$$"""
        interactions:
        - request:
            body: null
            headers:
              Authorization: ['Basic real-auth-value']
              Cookie: ['sid=cookie-value-1']
              X-Api-Key: [key-value-3]
            method: GET
            uri: 'http://user:pa55word@127.0.0.1:1/me?access_token=qs-token-4&page=2'
          response:
            body: {string: '{"name": "ann", "access_token": "resp-token-7", "note": "{{{Jwt}}}"}'}
            headers: {Set-Cookie: ['s=setcookie-value-2; Path=/'], Content-Type: [application/json]}
            status: {code: 200, message: OK}
        - request:
            body: 'grant_type=client_credentials&client_secret=form-secret-5'
            headers: {Content-Type: [application/x-www-form-urlencoded]}
            method: POST
            uri: 'http://127.0.0.1:1/token'
          response: {body: {string: ok}, headers: {}, status: {code: 200, message: OK}}
        - request:
            body: '{"user": "ann", "nested": {"api_key": "json-key-6"}}'
            headers: {Content-Type: [application/json], X-Trace: ['Bearer {{{Jwt}}}']}
            method: POST
            uri: 'http://127.0.0.1:1/things'
          response: {body: {string: made}, headers: {}, status: {code: 201, message: Created}}
        version: 1
        """;

    private static Cassette Leaky() => Cassette.Parse(LeakyYaml, "leaky.yaml")!;

    private static string AllText(Cassette cassette) => cassette.ToYaml();

    [Test]
    public void Load_Locally_RewritesEveryLeftoverInMemoryAndWarnsWithoutValues()
    {
        var warnings = new List<string>();

        using var recorder = new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { OnWarning = warnings.Add });

        var text = AllText(recorder.Cassette);
        foreach (var secret in Secrets)
        {
            text.ShouldNotContain(secret);
            warnings.ShouldAllBe(w => !w.Contains(secret));
        }

        var first = recorder.Cassette.Interactions[0];
        first.Request.Uri.ShouldBe("http://127.0.0.1:1/me?access_token=REDACTED&page=2");
        first.Request.Headers.Get("Authorization").ShouldBe("REDACTED");
        first.Response.Headers.Get("Set-Cookie").ShouldBe("REDACTED");
        Encoding.UTF8.GetString(first.Response.Body).ShouldBe("""{"name":"ann","access_token":"REDACTED","note":"REDACTED"}""");
        Encoding.UTF8.GetString(recorder.Cassette.Interactions[1].Request.Body!).ShouldBe("grant_type=client_credentials&client_secret=REDACTED");
        recorder.Cassette.Interactions[2].Request.Headers.Get("X-Trace").ShouldBe("Bearer REDACTED");
        warnings.ShouldContain(w => w.Contains("interaction #1: request URI userinfo", StringComparison.Ordinal));
    }

    [Test]
    public void Load_InCi_FailsWithAReportNamingCassetteInteractionAndField_NeverTheValue()
    {
        var error = Should.Throw<CassetteSecretsException>(() => new Recorder(Leaky(), new NoNetwork(), new RecorderOptions { Environment = n => n == "CI" ? "true" : null }));

        error.Path.ShouldBe("leaky.yaml");
        error.Message.ShouldContain("leaky.yaml");
        error.Findings.ShouldContain("interaction #1: request URI userinfo (user:password@)");
        error.Findings.ShouldContain("interaction #1: request query parameter 'access_token'");
        error.Findings.ShouldContain(f => f.StartsWith("interaction #1: request header 'Cookie'", StringComparison.Ordinal));
        error.Findings.ShouldContain(f => f.StartsWith("interaction #1: response header 'Set-Cookie'", StringComparison.Ordinal));
        error.Findings.ShouldContain("interaction #1: response JSON member '$.access_token'");
        error.Findings.ShouldContain("interaction #1: response JSON member '$.note' (a JWT)");
        error.Findings.ShouldContain("interaction #2: request form field 'client_secret'");
        error.Findings.ShouldContain("interaction #3: request JSON member '$.nested.api_key'");
        error.Findings.ShouldContain("interaction #3: request header 'X-Trace' (a bearer token)");
        foreach (var secret in Secrets)
        {
            error.Message.ShouldNotContain(secret);
        }
    }

    [Test]
    public void Load_Strict_FailsInTheLoaderAndInTheRecorder()
    {
        var strict = new CassetteLoadOptions { Strict = true };

        Should.Throw<CassetteSecretsException>(() => Cassette.Parse(LeakyYaml, "leaky.yaml", options: strict)).Message.ShouldNotContain("qs-token-4");
        Should.Throw<CassetteSecretsException>(() => new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { LoadOptions = strict }));
    }

    [Test]
    public void FindSecrets_ReportsWithoutChanging_RewriteSecretsChanges()
    {
        var cassette = Leaky();

        var found = cassette.FindSecrets();
        found.Count.ShouldBeGreaterThanOrEqualTo(10);
        AllText(cassette).ShouldContain("qs-token-4");
        cassette.RewriteSecrets().ShouldBe(found);
        AllText(cassette).ShouldNotContain("qs-token-4");
        cassette.FindSecrets().ShouldBeEmpty();
    }

    [Test]
    public async Task Replay_LiveRequestsGetTheSameRewrite_SoTheyStillMatch()
    {
        using var recorder = new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { OnWarning = _ => { }, MatchOn = MatchOn.Default | MatchOn.Body });
        using var client = new HttpClient(recorder);

        (await client.GetAsync("http://127.0.0.1:1/me?page=2&access_token=another-live-token")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_secret", "live-secret")]);
        (await client.PostAsync("http://127.0.0.1:1/token", form)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Test]
    public async Task Record_RewritesLeftoversBeforeSaving_EvenWhatHooksAdd()
    {
        await using var server = await StartServerAsync(app => app.MapPost("/oauth", () => Results.Json(new { access_token = "issued-token-8", id = Jwt })));
        var warnings = new List<string>();
        var options = Options(RecordMode.Once) with
        {
            OnWarning = warnings.Add,
            BeforeRecordResponse = r => r with { Headers = new([.. r.Headers, new RecordedHeader("X-Echo", ["Bearer " + Jwt])]) },
        };

        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), options))
        using (var client = new HttpClient(recorder))
        {
            var form = new FormUrlEncodedContent([new("client_secret", "form-secret-9"), new("scope", "read")]);
            var live = await client.PostAsync(server.At("/oauth?api_key=qs-key-10"), form);
            (await live.Content.ReadAsStringAsync()).ShouldContain("issued-token-8", customMessage: "the live response is untouched");
        }

        var yaml = await File.ReadAllTextAsync(CassettePath);
        foreach (var secret in new[] { "issued-token-8", "form-secret-9", "qs-key-10", "eyJzdWIiOiJsZWFreSJ9" })
        {
            yaml.ShouldNotContain(secret);
            warnings.ShouldAllBe(w => !w.Contains(secret));
        }

        yaml.ShouldContain("api_key=REDACTED");
        warnings.ShouldContain(w => w.Contains("response JSON member '$.access_token'", StringComparison.Ordinal));
        warnings.ShouldContain(w => w.Contains("response header 'X-Echo' (a bearer token)", StringComparison.Ordinal));
        warnings.ShouldContain(w => w.Contains("request form field 'client_secret'", StringComparison.Ordinal));
    }

    [Test]
    public void OptOut_KeepsValuesAndOnlyWarns()
    {
        var warnings = new List<string>();

        using var recorder = new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { RewriteLeftoverSecrets = false, OnWarning = warnings.Add });

        AllText(recorder.Cassette).ShouldContain("qs-token-4");
        warnings.ShouldNotBeEmpty();
    }
}
