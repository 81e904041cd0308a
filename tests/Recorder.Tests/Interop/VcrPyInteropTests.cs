using System.Text;
using System.Text.Json;
using Courier.Recorder;

namespace Courier.RecorderTests.Interop;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Cassettes cross between Courier and vcrpy (Debian's python3-vcr, through python requests) both ways.</summary>
[Category("Tool:vcrpy")]
public sealed class VcrPyInteropTests : Recording.RecorderTestBase
{
    private const string ReplayScript = """
        import base64, json, sys, vcr, requests
        path, base = sys.argv[1], sys.argv[2]
        out = []
        with vcr.use_cassette(path, record_mode="none"):
            for method, url, body in [("GET", base + "hello?n=7", None), ("GET", base + "binary", None), ("POST", base + "echo", '{\n  "a": [1, 2]\n}\n')]:
                r = requests.request(method, url, data=body, headers={"Content-Type": "application/json"} if body else {})
                out.append({"status": r.status_code, "reason": r.reason, "body": base64.b64encode(r.content).decode(),
                            "cookies": r.raw.headers.getlist("Set-Cookie"), "type": r.headers.get("Content-Type")})
        print(json.dumps(out))
        """;

    private const string RecordScript = """
        import base64, json, sys, vcr, requests
        path, base = sys.argv[1], sys.argv[2]
        out = []
        with vcr.use_cassette(path, record_mode="once"):
            for method, url, body in [("GET", base + "hello?n=8", None), ("GET", base + "binary", None), ("POST", base + "echo", b'\x00\x01binary\xff')]:
                r = requests.request(method, url, data=body, headers={"Accept-Encoding": "identity"})
                out.append({"method": method, "url": url, "status": r.status_code, "body": base64.b64encode(r.content).decode()})
        print(json.dumps(out))
        """;

    [Test]
    public async Task CourierCassette_ReplaysInVcrPy()
    {
        var python = ToolRunner.RequirePython();
        string baseUrl;
        var live = new List<byte[]>();
        await using (var server = await StartServerAsync())
        {
            baseUrl = server.Url.ToString();
            using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once) with { RedactHeaders = [] });
            using var client = new HttpClient(recorder);
            live.Add(await client.GetByteArrayAsync(baseUrl + "hello?n=7"));
            live.Add(await client.GetByteArrayAsync(baseUrl + "binary"));
            var echo = await client.PostAsync(baseUrl + "echo", new StringContent("{\n  \"a\": [1, 2]\n}\n", Encoding.UTF8, "application/json"));
            live.Add(await echo.Content.ReadAsByteArrayAsync());
        }

        var results = ToolRunner.RunScript(python, "replay.py", ReplayScript, Dir, CassettePath, baseUrl);

        (await File.ReadAllTextAsync(CassettePath)).ShouldContain("string: |\n        {\n          \"a\": [1, 2]\n        }\n");
        results.GetArrayLength().ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            results[i].GetProperty("status").GetInt32().ShouldBe(200);
            results[i].GetProperty("reason").GetString().ShouldBe("OK");
            Convert.FromBase64String(results[i].GetProperty("body").GetString()!).ShouldBe(live[i], $"interaction {i}");
        }

        results[0].GetProperty("cookies").EnumerateArray().Select(e => e.GetString()).ShouldBe(["a=1; Path=/, with comma", "b=2; Path=/"]);
        results[0].GetProperty("type").GetString().ShouldBe("text/plain");
    }

    [Test]
    public async Task VcrPyCassette_RecordedAgainstKestrel_ReplaysInCourierWithSameBytes()
    {
        var python = ToolRunner.RequirePython();
        JsonElement recorded;
        await using (var server = await StartServerAsync())
        {
            recorded = ToolRunner.RunScript(python, "record.py", RecordScript, Dir, CassettePath, server.Url.ToString());
        }

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.Body });
        replay.Cassette.Dialect.ShouldBe(CassetteDialect.VcrPy);
        using var client = new HttpClient(replay);
        foreach (var item in recorded.EnumerateArray())
        {
            using var request = new HttpRequestMessage(new HttpMethod(item.GetProperty("method").GetString()!), item.GetProperty("url").GetString());
            if (request.Method == HttpMethod.Post)
            {
                request.Content = new ByteArrayContent([0, 1, .. "binary"u8, 0xff]);
            }

            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).ShouldBe(item.GetProperty("status").GetInt32());
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Convert.FromBase64String(item.GetProperty("body").GetString()!));
        }
    }
}
