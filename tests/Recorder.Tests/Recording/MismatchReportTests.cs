using System.Text;
using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>The mismatch report: the cassette, the closest recorded requests, a per-matcher diff, no secrets.</summary>
public sealed class MismatchReportTests : RecorderTestBase
{
    private static Cassette Recorded() => Cassette.Parse("""
        interactions:
        - request:
            body: '{"user": "ann", "role": "admin", "password": "hunter2", "sessionKey": "sk-old-1"}'
            headers: {Content-Type: [application/json]}
            method: POST
            uri: 'http://127.0.0.1:1/users?token=sekret-query&x=1'
          response: {body: {string: created}, headers: {}, status: {code: 201, message: Created}}
        - request: {body: null, headers: {}, method: GET, uri: 'http://127.0.0.1:1/other'}
          response: {body: {string: other}, headers: {}, status: {code: 200, message: OK}}
        version: 1
        """, "users.yaml")!;

    [Test]
    public async Task Mismatch_ShowsPerMatcherDiffAndJsonBodyDiffWithoutSecrets()
    {
        using var recorder = new Recorder(Recorded(), new NoNetwork(), Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.JsonBody });
        using var client = new HttpClient(recorder);
        var body = new StringContent("""{"role": "user", "user": "ann", "password": "hunter3", "sessionKey": "sk-new-2"}""", Encoding.UTF8, "application/json");

        var error = await Should.ThrowAsync<CassetteMismatchException>(() => client.PostAsync("http://127.0.0.1:1/users?x=1&token=other-secret", body));

        TestContext.Out.WriteLine(error.Message);
        error.Message.ShouldContain("cassette 'users.yaml'");
        error.Message.ShouldContain("Interaction #1: POST");
        error.Message.ShouldContain("http://127.0.0.1:1/users?token=***&x=1");
        error.Message.ShouldContain("Query [exactly] token=***&x=1");
        error.Message.ShouldContain("<<<<< Query does not match");
        error.Message.ShouldContain("<<<<< Body does not match");
        error.Message.ShouldContain("JSON body of interaction #1 differs at $.role: recorded \"admin\", got \"user\"");
        error.Message.ShouldContain("$.sessionKey: recorded ***, got ***");
        error.Message.ShouldNotContain("sk-old");
        error.Message.ShouldNotContain("sk-new");
        error.Message.ShouldNotContain("$.password", customMessage: "both sides had the password rewritten as a leftover secret before matching");
        error.Message.ShouldNotContain("hunter");
        error.Message.ShouldNotContain("sekret");
        error.Message.ShouldNotContain("other-secret");
    }

    [Test]
    public async Task JsonBody_MatchesByStructure()
    {
        using var recorder = new Recorder(Recorded(), new NoNetwork(), Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.JsonBody });
        using var client = new HttpClient(recorder);

        var response = await client.PostAsync("http://127.0.0.1:1/users?x=1&token=sekret-query", new StringContent("""{"password":"hunter2","role":"admin","user":"ann","sessionKey":"sk-old-1"}"""));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
    }

    [Test]
    public async Task HeaderAndCustomMatchers_TakePart()
    {
        var options = Options(RecordMode.None) with
        {
            MatchHeaders = ["Content-Type"],
            CustomMatchers = [new InteractionMatcher("same user", (live, rec) => live.Body is not null && rec.Body is not null)],
        };
        using var recorder = new Recorder(Recorded(), new NoNetwork(), options);
        using var client = new HttpClient(recorder);

        var error = await Should.ThrowAsync<CassetteMismatchException>(() => client.PostAsync("http://127.0.0.1:1/users?x=1&token=sekret-query", new ByteArrayContent([1])));

        TestContext.Out.WriteLine(error.Message);
        error.Message.ShouldContain("Content-Type: application/json");
        error.Message.ShouldContain("<<<<< Header is not present");
        error.Message.ShouldContain("same user");
        error.Message.ShouldContain("<<<<< Custom matcher 'same user' does not match"); // on the GET interaction only
    }
}
