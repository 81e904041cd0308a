using System.Text;
using Courier.Recorder;

namespace Courier.RecorderTests.Format;

/// <summary>Courier writes exactly vcrpy's v1 schema, and reads back the same bytes.</summary>
public sealed class WriterTests
{
    private static Interaction Sample(byte[]? requestBody, byte[] responseBody) => new(
        new RecordedRequest
        {
            Method = "POST",
            Uri = "http://127.0.0.1:5000/items?b=2&a=1",
            Headers = new([new("Content-Type", ["application/json"]), new("X-Flag", ["true"]), new("X-Num", ["32"])]),
            Body = requestBody,
        },
        new RecordedResponse
        {
            StatusCode = 201,
            ReasonPhrase = "Created",
            Headers = new([new("Set-Cookie", ["a=1; Path=/, x", "b=2; Expires=Thu, 01 Jan 2030 00:00:00 GMT"]), new("X-Null", ["null"]), new("X-Space", [" lead"])]),
            Body = responseBody,
            HttpVersion = "HTTP/1.1",
            RecordedAt = "2026-01-02T03:04:05.0000000+00:00",
        });

    [Test]
    public void ToYaml_WritesVcrPySchema_RequestHasExactlyFourKeys()
    {
        var yaml = new Cassette([Sample("{\"a\":1}"u8.ToArray(), [0x1f, 0x8b, 0x00, 0xff])]).ToYaml();

        yaml.ShouldStartWith("interactions:\n- request:\n    body: \"{\\\"a\\\":1}\"\n    headers:\n");
        yaml.ShouldContain("    method: POST\n    uri: 'http://127.0.0.1:5000/items?b=2&a=1'\n  response:\n    body:\n      string: !!binary |-\n");
        yaml.ShouldContain("    status:\n      code: 201\n      message: Created\n    http_version: HTTP/1.1\n    recorded_at: '2026-01-02T03:04:05.0000000+00:00'\n");
        yaml.ShouldContain("      X-Flag:\n      - 'true'\n      X-Num:\n      - '32'\n");
        yaml.ShouldContain("      Set-Cookie:\n      - 'a=1; Path=/, x'\n      - 'b=2; Expires=Thu, 01 Jan 2030 00:00:00 GMT'\n");
        yaml.ShouldEndWith("version: 1\n");
    }

    [Test]
    public void ToYaml_ThenParse_KeepsEveryByteAndHeader()
    {
        var original = Sample(null, Encoding.UTF8.GetBytes("line1\r\nline2\ttab  \n\n  é ü 😀 \"quoted\" 'single' \\ back\n"));

        var (request, response) = Cassette.Parse(new Cassette([original]).ToYaml())!.Interactions.ShouldHaveSingleItem();

        request.Body.ShouldBeNull();
        request.Headers.GetValues("X-Flag").ShouldBe(["true"]);
        request.Headers.GetValues("X-Num").ShouldBe(["32"]);
        response.Body.ShouldBe(original.Response.Body);
        response.Headers.GetValues("Set-Cookie").ShouldBe(original.Response.Headers.GetValues("Set-Cookie"));
        response.Headers.Get("X-Null").ShouldBe("null");
        response.Headers.Get("X-Space").ShouldBe(" lead");
        response.HttpVersion.ShouldBe("HTTP/1.1");
        response.RecordedAt.ShouldBe(original.Response.RecordedAt);
    }

    [Test]
    public void ToYaml_RandomBodies_RoundTripExactly([Values(true, false)] bool json)
    {
        var random = new Random(1234);
        var interactions = new List<Interaction>();
        for (var i = 0; i < 300; i++)
        {
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            if (i % 2 == 0)
            {
                const string alphabet = " \t\r\nabcXYZ\\\"'#:{}[]-!&*|>%@`0é";
                for (var j = 0; j < body.Length; j++)
                {
                    body[j] = (byte)alphabet[body[j] % (alphabet.Length - 1)];
                }

                body = [.. body, .. Encoding.UTF8.GetBytes(alphabet[^1..])];
            }

            interactions.Add(Sample(body, body));
        }

        var cassette = new Cassette(interactions);
        var text = json ? cassette.ToJson() : cassette.ToYaml();
        var back = Cassette.Parse(text, json: json)!;

        back.Interactions.Count.ShouldBe(300);
        for (var i = 0; i < 300; i++)
        {
            back.Interactions[i].Request.Body.ShouldBe(interactions[i].Request.Body, $"request {i}");
            back.Interactions[i].Response.Body.ShouldBe(interactions[i].Response.Body, $"response {i}");
        }
    }

    [TestCase("{\n  \"origin\": \"1.2.3.4\"\n}")]
    [TestCase("<html>\n  <body>x</body>\n</html>\n")]
    [TestCase("line one\n    deeper\nback\n")]
    [TestCase("a\n\n\nb\n\n")]
    [TestCase("ends with space \nnext")]
    public void MultiLineText_IsReadableAndExact(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        var yaml = new Cassette([Sample(null, body)]).ToYaml();

        Cassette.Parse(yaml)!.Interactions[0].Response.Body.ShouldBe(body);
        yaml.ShouldNotContain("!!binary");
    }

    [Test]
    public void ToJson_WritesVcrPySchema()
    {
        var json = new Cassette([Sample(null, "hi"u8.ToArray())]).ToJson();

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        doc.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        var request = doc.RootElement.GetProperty("interactions")[0].GetProperty("request");
        request.EnumerateObject().Select(p => p.Name).ShouldBe(["body", "headers", "method", "uri"]);
        doc.RootElement.GetProperty("interactions")[0].GetProperty("response").GetProperty("body").GetProperty("string").GetString().ShouldBe("hi");
    }

    [Test]
    public async Task SaveAsync_ThenLoad_RoundTripsThroughTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"courier-save-{Guid.NewGuid():N}", "c.yaml");
        try
        {
            await new Cassette([Sample(null, "x"u8.ToArray())]).SaveAsync(path);

            Cassette.Load(path)!.Interactions.ShouldHaveSingleItem().Response.Body.ShouldBe("x"u8.ToArray());
            Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp").ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
