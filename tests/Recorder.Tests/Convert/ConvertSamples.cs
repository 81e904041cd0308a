using System.Text;
using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.RecorderTests.Conversion;

/// <summary>Cassettes the conversion tests share: a hand-built one covering every body kind, and the vcrpy fixtures.</summary>
internal static class ConvertSamples
{
    public static readonly byte[] Binary = [0x00, 0x01, 0xfe, 0xff, .. "binary"u8, 0x80];

    public static Cassette Mixed() => new(
    [
        new Interaction(
            new RecordedRequest
            {
                Method = "GET",
                Uri = "http://api.example.test/users?page=2&q=a%20b",
                Headers = new RecordedHeaders([new("Accept", ["application/json"]), new("Cookie", ["a=REDACTED; b=REDACTED"])]),
            },
            new RecordedResponse
            {
                StatusCode = 200,
                ReasonPhrase = "OK",
                Headers = new RecordedHeaders([new("Content-Type", ["application/json; charset=utf-8"]), new("Set-Cookie", ["s=1; Path=/", "t=2; HttpOnly"])]),
                Body = Encoding.UTF8.GetBytes("""{"users":["Ada","Zoë"],"quote":"it's \"fine\"\n"}"""),
                HttpVersion = "HTTP/1.1",
                RecordedAt = "2026-11-21T09:30:15.1230000+00:00",
                Elapsed = TimeSpan.FromMilliseconds(12.5),
            }),
        new Interaction(
            new RecordedRequest
            {
                Method = "POST",
                Uri = "http://api.example.test/upload",
                Headers = new RecordedHeaders([new("Content-Type", ["application/octet-stream"])]),
                Body = Binary,
            },
            new RecordedResponse
            {
                StatusCode = 201,
                ReasonPhrase = "Created",
                Headers = new RecordedHeaders([new("Content-Type", ["application/octet-stream"]), new("Location", ["/upload/1"])]),
                Body = Binary,
            }),
        new Interaction(
            new RecordedRequest { Method = "DELETE", Uri = "http://api.example.test/upload/1", Body = [] },
            new RecordedResponse { StatusCode = 204, ReasonPhrase = "No Content", Body = [] }),
        new Interaction(
            new RecordedRequest { Method = "GET", Uri = "http://api.example.test/multiline" },
            new RecordedResponse { StatusCode = 200, Body = Encoding.UTF8.GetBytes("line one\nline two\n\tindented\r\nyes\n"), HttpVersion = "HTTP/2" }),
    ]);

    /// <summary>Every vcrpy fixture Courier loads.</summary>
    public static IEnumerable<string> VcrPyFixtures() =>
        Directory.EnumerateFiles(Fixtures.Path("cassettes", "vcrpy"), "*.yaml").Order(StringComparer.Ordinal).Where(f =>
        {
            try
            {
                return Cassette.Load(f) is { Interactions.Count: > 0 };
            }
            catch (CassetteFormatException)
            {
                return false;
            }
        });

    /// <summary>Asserts that two cassettes hold the same requests and responses, byte for byte.</summary>
    public static void ShouldHoldSameTraffic(this Cassette actual, Cassette expected)
    {
        actual.Interactions.Count.ShouldBe(expected.Interactions.Count);
        for (var i = 0; i < expected.Interactions.Count; i++)
        {
            var (a, e) = (actual.Interactions[i], expected.Interactions[i]);
            a.Request.Method.ShouldBe(e.Request.Method);
            a.Request.Uri.ShouldBe(e.Request.Uri);
            Flat(a.Request.Headers).ShouldBe(Flat(e.Request.Headers));
            a.Request.Body.ShouldBe(e.Request.Body, $"request body of interaction {i + 1}");
            a.Response.StatusCode.ShouldBe(e.Response.StatusCode);
            (a.Response.ReasonPhrase ?? "").ShouldBe(e.Response.ReasonPhrase ?? "");
            Flat(a.Response.Headers).ShouldBe(Flat(e.Response.Headers));
            a.Response.Body.ShouldBe(e.Response.Body, $"response body of interaction {i + 1}");
        }
    }

    private static string[] Flat(RecordedHeaders headers) => [.. headers.SelectMany(h => h.Values.Select(v => h.Name + ": " + v))];
}
