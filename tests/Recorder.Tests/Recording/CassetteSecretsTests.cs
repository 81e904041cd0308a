using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>RELIABILITY row 15: a cassette that still holds secrets warns, or fails in CI/strict mode, with a redacted report.</summary>
public sealed class CassetteSecretsTests : RecorderTestBase
{
    private static Cassette Leaky() => Cassette.Parse("""
        interactions:
        - request:
            body: 'client_secret=abc'
            headers:
              Authorization: ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig-value']
            method: POST
            uri: 'http://127.0.0.1:1/token'
          response:
            body: {string: ok}
            headers: {Set-Cookie: ['session=live-cookie-value']}
            status: {code: 200, message: OK}
        version: 1
        """, "leaky.yaml")!;

    [Test]
    public void Strict_FailsWithAReportThatNamesPlacesNotValues()
    {
        var error = Should.Throw<CassetteSecretsException>(() => new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { FailOnSecretsInCassette = true }));

        error.Message.ShouldContain("leaky.yaml");
        error.Findings.ShouldContain(f => f.Contains("request header 'Authorization'", StringComparison.Ordinal));
        error.Findings.ShouldContain(f => f.Contains("response header 'Set-Cookie'", StringComparison.Ordinal));
        error.Message.ShouldNotContain("eyJhbGci");
        error.Message.ShouldNotContain("live-cookie-value");
    }

    [Test]
    public void Ci_FailsByDefault() =>
        Should.Throw<CassetteSecretsException>(() => new Recorder(Leaky(), new NoNetwork(), new RecorderOptions { Environment = n => n == "CI" ? "true" : null }));

    [Test]
    public void Locally_OnlyWarns()
    {
        var warnings = new List<string>();

        using var recorder = new Recorder(Leaky(), new NoNetwork(), Options(RecordMode.None) with { OnWarning = warnings.Add });

        warnings.Count.ShouldBeGreaterThanOrEqualTo(2);
        warnings.ShouldAllBe(w => !w.Contains("live-cookie-value"));
    }
}
