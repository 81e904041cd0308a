using System.Net.Http.Headers;
using System.Text;
using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Secrets never reach the file by default; filters apply before matching; placeholders come back on replay.</summary>
public sealed class FilterTests : RecorderTestBase
{
    private async Task<string> RecordAsync(RecorderOptions options, Func<HttpClient, Task> act)
    {
        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler { UseCookies = false }, options))
        using (var client = new HttpClient(recorder))
        {
            await act(client);
        }

        return await File.ReadAllTextAsync(CassettePath);
    }

    [Test]
    public async Task Defaults_RedactCredentialsCookiesAndApiKeys()
    {
        await using var server = await StartServerAsync();
        var yaml = await RecordAsync(Options(RecordMode.Once), async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.At("/hello"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sekret-token-123");
            request.Headers.Add("Proxy-Authorization", "Basic cHJveHk6cHc=");
            request.Headers.Add("Cookie", "session=sekret-cookie");
            request.Headers.Add("X-Api-Key", "sekret-key");
            await client.SendAsync(request);
        });

        yaml.ShouldNotContain("sekret");
        yaml.ShouldNotContain("cHJveHk6cHc=");
        yaml.ShouldNotContain("a=1");
        yaml.ShouldContain("Authorization:\n      - REDACTED");
    }

    [Test]
    public async Task UserInfo_IsScrubbedFromRecordedUris()
    {
        await using var server = await StartServerAsync();
        var url = server.At("/hello?n=1").Replace("http://", "http://user:pa55word@", StringComparison.Ordinal);
        var yaml = await RecordAsync(Options(RecordMode.Once), client => client.GetAsync(url));

        yaml.ShouldNotContain("pa55word");
        Cassette.Load(CassettePath)!.Interactions[0].Request.Uri.ShouldBe(server.At("/hello?n=1"));
    }

    [Test]
    public async Task OptOut_KeepsHeaders()
    {
        await using var server = await StartServerAsync();
        var yaml = await RecordAsync(Options(RecordMode.Once) with { RedactHeaders = [] }, async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.At("/hello"));
            request.Headers.Add("X-Api-Key", "visible-key");
            await client.SendAsync(request);
        });

        yaml.ShouldContain("visible-key");
        yaml.ShouldContain("a=1; Path=/, with comma");
    }

    [Test]
    public async Task QueryFormAndJsonFilters_RedactValuesAndStillMatchOnReplay()
    {
        await using var server = await StartServerAsync();
        var options = Options(RecordMode.Once) with
        {
            FilterQueryParameters = ["api_key"],
            FilterFormFields = ["password"],
            FilterJsonMembers = ["secret"],
        };
        var yaml = await RecordAsync(options, async client =>
        {
            await client.GetAsync(server.At("/hello?api_key=qk-111&n=1"));
            await client.PostAsync(server.At("/echo"), new FormUrlEncodedContent([new("user", "ann"), new("password", "pw-222")]));
            await client.PostAsync(server.At("/echo"), new StringContent("""{"user":"ann","nested":{"secret":"js-333"}}""", Encoding.UTF8, "application/json"));
        });

        yaml.ShouldNotContain("qk-111");
        Encoding.UTF8.GetString(Cassette.Load(CassettePath)!.Interactions[1].Request.Body!).ShouldBe("user=ann&password=REDACTED");
        yaml.ShouldNotContain("js-333");
        yaml.ShouldContain("api_key=REDACTED&n=1");
        yaml.ShouldContain("password=REDACTED");

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), options with { Mode = RecordMode.None, MatchOn = MatchOn.Default | MatchOn.Body });
        using var client = new HttpClient(replay);
        (await client.GetStringAsync(server.At("/hello?api_key=another-key&n=1"))).ShouldBe("hello 1");
        var form = await client.PostAsync(server.At("/echo"), new FormUrlEncodedContent([new("user", "ann"), new("password", "other-pw")]));
        (await form.Content.ReadAsStringAsync()).ShouldBe("user=ann&password=pw-222", "the live echo was recorded filtered only on the request side");
    }

    [Test]
    public async Task Placeholders_AreWrittenInPlaceOfTheSecretAndPutBackOnReplay()
    {
        await using var server = await StartServerAsync();
        var options = Options(RecordMode.Once) with { Placeholders = new Dictionary<string, string> { ["<TOKEN>"] = "tok-98765" } };
        var yaml = await RecordAsync(options, client => client.PostAsync(server.At("/echo?t=tok-98765"), new StringContent("token is tok-98765")));

        yaml.ShouldNotContain("tok-98765");
        yaml.ShouldContain("<TOKEN>");

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), options with { Mode = RecordMode.None });
        using var client = new HttpClient(replay);
        var response = await client.PostAsync(server.At("/echo?t=tok-98765"), new StringContent("token is tok-98765"));
        (await response.Content.ReadAsStringAsync()).ShouldBe("token is tok-98765");
    }

    [Test]
    public async Task Hooks_CanChangeOrSkipWhatIsRecorded()
    {
        await using var server = await StartServerAsync();
        var options = Options(RecordMode.Once) with
        {
            BeforeRecordRequest = r => r.Uri.Contains("/binary", StringComparison.Ordinal) ? null : r with { Headers = r.Headers.Without("User-Agent") },
            BeforeRecordResponse = r => r with { Headers = new([.. r.Headers, new RecordedHeader("X-Hooked", ["yes"])]) },
        };
        await RecordAsync(options, async client =>
        {
            await client.GetAsync(server.At("/hello"));
            await client.GetAsync(server.At("/binary"));
        });

        var interaction = Cassette.Load(CassettePath)!.Interactions.ShouldHaveSingleItem();
        interaction.Response.Headers.Get("X-Hooked").ShouldBe("yes");
    }

    [Test]
    public async Task IgnoredHosts_PassThroughUnrecorded()
    {
        await using var server = await StartServerAsync();
        var options = Options(RecordMode.None) with { IgnoreLocalhost = true };
        using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), options);
        using var client = new HttpClient(recorder);

        (await client.GetStringAsync(server.At("/hello?n=5"))).ShouldBe("hello 5");

        File.Exists(CassettePath).ShouldBeFalse();
    }

    [Test]
    public async Task SecretLookalikes_RaiseAWarning()
    {
        await using var server = await StartServerAsync();
        var warnings = new List<string>();
        await RecordAsync(Options(RecordMode.Once) with { OnWarning = warnings.Add }, client =>
            client.PostAsync(server.At("/echo"), new StringContent("{\"jwt\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc\"}")));

        warnings.ShouldNotBeEmpty();
        warnings[0].ShouldContain("JWT");
        warnings[0].ShouldNotContain("eyJhbGci");
    }
}
