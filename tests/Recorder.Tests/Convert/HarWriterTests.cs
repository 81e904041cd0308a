using System.Text;
using System.Text.Json;
using Courier.Recorder.Conversion;

namespace Courier.RecorderTests.Conversion;

public sealed class HarWriterTests
{
    private static JsonElement Har()
    {
        using var buffer = new MemoryStream();
        HarWriter.Write(ConvertSamples.Mixed().Interactions, buffer);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static void Has(JsonElement element, string where, params string[] names)
    {
        foreach (var name in names)
        {
            element.TryGetProperty(name, out _).ShouldBeTrue($"{where} lacks the required field '{name}'");
        }
    }

    [Test]
    public void Har_IsValidJson_WithEveryFieldHar12Requires()
    {
        var log = Har().GetProperty("log");
        log.GetProperty("version").GetString().ShouldBe("1.2");
        Has(log.GetProperty("creator"), "creator", "name", "version");
        var entries = log.GetProperty("entries");
        entries.GetArrayLength().ShouldBe(4);
        foreach (var entry in entries.EnumerateArray())
        {
            Has(entry, "entry", "startedDateTime", "time", "request", "response", "cache", "timings");
            Has(entry.GetProperty("request"), "request", "method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize");
            Has(entry.GetProperty("response"), "response", "status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize");
            Has(entry.GetProperty("response").GetProperty("content"), "content", "size", "mimeType");
            Has(entry.GetProperty("timings"), "timings", "send", "wait", "receive");
            DateTimeOffset.Parse(entry.GetProperty("startedDateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Test]
    public void Har_KeepsBodiesExact_TextAsText_BinaryAsBase64_AndSplitsQueryAndCookies()
    {
        var entries = Har().GetProperty("log").GetProperty("entries");
        var first = entries[0];
        first.GetProperty("startedDateTime").GetString().ShouldBe("2026-11-21T09:30:15.123Z");
        first.GetProperty("time").GetDouble().ShouldBe(12.5);
        var query = first.GetProperty("request").GetProperty("queryString");
        query[1].GetProperty("name").GetString().ShouldBe("q");
        query[1].GetProperty("value").GetString().ShouldBe("a b");
        var response = first.GetProperty("response");
        response.GetProperty("content").GetProperty("text").GetString().ShouldBe("""{"users":["Ada","Zoë"],"quote":"it's \"fine\"\n"}""");
        response.GetProperty("cookies").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["s", "t"]);
        response.GetProperty("headers").EnumerateArray().Count(h => h.GetProperty("name").GetString() == "Set-Cookie").ShouldBe(2);

        var upload = entries[1];
        var post = upload.GetProperty("request").GetProperty("postData");
        post.GetProperty("mimeType").GetString().ShouldBe("application/octet-stream");
        System.Convert.FromBase64String(post.GetProperty("text").GetString()!).ShouldBe(ConvertSamples.Binary);
        var content = upload.GetProperty("response").GetProperty("content");
        content.GetProperty("encoding").GetString().ShouldBe("base64");
        content.GetProperty("size").GetInt32().ShouldBe(ConvertSamples.Binary.Length);
        System.Convert.FromBase64String(content.GetProperty("text").GetString()!).ShouldBe(ConvertSamples.Binary);
        upload.GetProperty("response").GetProperty("redirectURL").GetString().ShouldBe("/upload/1");
        entries[1].GetProperty("startedDateTime").GetString().ShouldBe(HarWriter.UnknownStartedDateTime);
        entries[3].GetProperty("response").GetProperty("httpVersion").GetString().ShouldBe("HTTP/2");
    }

    [TestCaseSource(typeof(ConvertSamples), nameof(ConvertSamples.VcrPyFixtures))]
    public void VcrPyFixture_ToHar_IsValidJson_WithOneEntryPerInteraction(string fixture)
    {
        var cassette = Courier.Recorder.Cassette.Load(fixture)!;
        var har = JsonDocument.Parse(CassetteConverter.ToBytes(cassette, CassetteFormat.Har)).RootElement;
        har.GetProperty("log").GetProperty("entries").GetArrayLength().ShouldBe(cassette.Interactions.Count);
        Encoding.UTF8.GetString(CassetteConverter.ToBytes(cassette, CassetteFormat.Har)).ShouldNotContain("\uFFFD");
    }
}
