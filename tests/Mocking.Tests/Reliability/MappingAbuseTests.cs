using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Courier.Mocking;
using Courier.TestUtils;

namespace Courier.MockingTests.Reliability;

/// <summary>RELIABILITY.md stub server rows 6, 9, 10, 12, 13 and 15: hostile mapping JSON, files changing under a reload, HTTP/2 abuse.</summary>
public sealed class MappingAbuseTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "courier-rel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "mappings"));
        Directory.CreateDirectory(Path.Combine(_root, "__files"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static async Task<(HttpStatusCode Status, string Text)> PostMappingAsync(MockServer server, HttpContent content)
    {
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsync("/__admin/mappings", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Row6_TenThousandLevelsDeep_Is422_Quickly()
    {
        await using var server = await MockServer.StartAsync();
        var deep = "{\"request\": {\"url\": \"/x\"}, \"response\": {\"jsonBody\": " + new string('[', 10_000) + new string(']', 10_000) + "}}";
        var watch = Stopwatch.StartNew();

        var (status, text) = await PostMappingAsync(server, new StringContent(deep));

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, text);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        server.Stubs.ShouldBeEmpty();
    }

    [Test]
    public async Task Row6_HundredMegabyteMapping_Is413_BeforeReading()
    {
        await using var server = await MockServer.StartAsync();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var (status, text) = await PostMappingAsync(server, new ByteArrayContent(new byte[100 * 1024 * 1024]));

        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, text);
        text.ShouldContain("MaxRequestBodySize");
        server.Stubs.ShouldBeEmpty();
        // The test's own 100 MB array is most of this; the server did not buffer another copy.
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(150L * 1024 * 1024);
    }

    [Test]
    public async Task Row6_ChunkedMappingOverTheCap_IsRefused()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxRequestBodySize = 1024 * 1024 });
        var content = new StreamContent(new MemoryStream(new byte[8 * 1024 * 1024]));
        content.Headers.ContentLength = null;

        // Refused with a 4xx, or cut off by Kestrel at the cap while the client is still sending (a broken pipe).
        try
        {
            var (status, _) = await PostMappingAsync(server, new ChunkedContent(content));
            ((int)status).ShouldBeInRange(400, 499);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
        }

        server.Stubs.ShouldBeEmpty();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        (await client.GetAsync("/__admin/mappings")).StatusCode.ShouldBe(200);
    }

    [TestCase("""{"request": {"url": "/x", "url": "/y"}, "response": {}}""", TestName = "Row6_DuplicateKeys_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"status": "200"}}""", TestName = "Row6_WrongType_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {}, "surprise": 1}""", TestName = "Row6_UnknownField_Is422")]
    [TestCase("""{"mappings": [{"request": {"url": "/good"}, "response": {}}, {"request": {"method": 7}, "response": {}}]}""", TestName = "Row6_SetWithOneBadMapping_AddsNothing")]
    [TestCase("""{"request": {"url": "/x"}, "response": {}, "postServeActions": [{"name": "webhook", "parameters": {"url": "http://169.254.169.254/"}}]}""", TestName = "Row9_WebhookPostServeAction_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {}, "serveEventListeners": [{"name": "webhook", "parameters": {"url": "http://10.0.0.1/"}}]}""", TestName = "Row9_WebhookServeEventListener_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"headers": {"X-A": "1\r\nInjected: 1"}}}""", TestName = "Row13_CrLfInAHeaderValue_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"status": 99}}""", TestName = "Row13_Status99_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"status": 1000}}""", TestName = "Row13_Status1000_Is422")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"body": "hello", "headers": {"Content-Length": "99"}}}""", TestName = "Row13_ContentLengthNotMatchingTheBody_Is422")]
    public async Task HostileMapping_Is422_AndAddsNothing(string json)
    {
        await using var server = await MockServer.StartAsync();

        var (status, text) = await PostMappingAsync(server, new StringContent(json));

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, text);
        server.Stubs.ShouldBeEmpty();
    }

    [Test]
    public async Task Row10_TemplateSyntax_IsSentLiterally_NeverEvaluated()
    {
        await using var server = await MockServer.StartAsync();
        server.AddMappings("""{"request": {"url": "/t"}, "response": {"body": "{{request.headers.X-Secret}} {{systemValue type='ENVIRONMENT' key='PATH'}}"}}""");
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var response = await client.GetAsync("/t", new RequestOptions { Headers = new() { { "X-Secret", "s3cr3t" } } });

        response.Text.ShouldBe("{{request.headers.X-Secret}} {{systemValue type='ENVIRONMENT' key='PATH'}}");
    }

    [TestCase("", TestName = "Row12_EmptyFile_KeepsThePreviousSet")]
    [TestCase("{\"request\": {\"url\": \"/new\"}, \"respo", TestName = "Row12_HalfWrittenFile_KeepsThePreviousSet")]
    [TestCase("\uFEFF{\"request\": {\"url\": \"/new\"}, \"response\": {\"body\": \"\xff\"}", TestName = "Row12_BomAndUnclosed_KeepsThePreviousSet")]
    public async Task Row12_ResetWithABrokenFile_KeepsThePreviousSet_AndNamesTheFile(string broken)
    {
        File.WriteAllText(Path.Combine(_root, "mappings", "a.json"), """{"request": {"url": "/old"}, "response": {"body": "old"}}""");
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = _root });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        (await client.GetAsync("/old")).Text.ShouldBe("old");
        File.WriteAllText(Path.Combine(_root, "mappings", "b.json"), broken);

        var reset = await client.PostAsync("/__admin/mappings/reset");

        reset.StatusCode.ShouldBe(422);
        reset.Text.ShouldContain("b.json");
        (await client.GetAsync("/old")).Text.ShouldBe("old");
        server.Stubs.Count.ShouldBe(1);
    }

    [Test]
    public async Task Row12_InvalidUtf8_CrlfAndBom_InAFile()
    {
        File.WriteAllBytes(Path.Combine(_root, "mappings", "crlf.json"), [0xEF, 0xBB, 0xBF, .. "{\r\n\"request\": {\"url\": \"/crlf\"},\r\n\"response\": {\"body\": \"ok\"}\r\n}\r\n"u8]);
        File.WriteAllBytes(Path.Combine(_root, "mappings", "utf8.json"), [.. "{\"request\": {\"url\": \"/bad\"}, \"response\": {\"body\": \""u8, 0xC3, 0x28, .. "\"}}"u8]);
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<Courier.Mocking.WireMock.WireMockMappingException>(() => server.LoadMappings(_root));

        error.Message.ShouldContain("utf8.json");
        server.Stubs.ShouldBeEmpty();
        File.Delete(Path.Combine(_root, "mappings", "utf8.json"));
        server.LoadMappings(_root).Count.ShouldBe(1);
    }

    [Test]
    public void Row15_RuntimeHasTheHttp2RapidResetFix()
    {
        // CVE-2023-44487 (HTTP/2 rapid reset) was fixed in .NET 6.0.23, 7.0.12 and every 8.0 and later; this runtime is newer.
        Environment.Version.Major.ShouldBeGreaterThanOrEqualTo(8, RuntimeInformation.FrameworkDescription);
    }

    [Test]
    [Category("Tool:h2load")]
    public async Task Row15_Http2StreamStorm_IsServed_AndTheServerKeepsAnswering()
    {
        var h2load = Tools.Require("h2load", "nghttp2-client");
        await using var server = await MockServer.StartAsync(new MockServerOptions { Http2 = true });
        server.Get("/").Respond(MockResponse.Text("ok"));

        // 4 connections each opening up to 500 concurrent streams (Kestrel allows 100 per connection; the rest wait).
        var info = new ProcessStartInfo(h2load, $"-n 4000 -c 4 -m 500 {server.Url}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        output.ShouldContain("4000 succeeded", Case.Sensitive, output);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Http1 = false, Http2 = true });
        (await client.GetAsync("/")).Text.ShouldBe("ok");
    }

    /// <summary>Hides the length so the body goes out chunked.</summary>
    private sealed class ChunkedContent(HttpContent inner) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
