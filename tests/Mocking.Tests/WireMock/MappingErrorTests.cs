using System.Text;
using Courier.Mocking;
using Courier.Mocking.WireMock;

namespace Courier.MockingTests.WireMock;

/// <summary>Bad mappings fail the load with the file, the JSON path and what was expected; nothing half-loads.</summary>
public sealed class MappingErrorTests
{
    private string _root = null!;

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), $"courier-wiremock-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_root, "mappings"));
        Directory.CreateDirectory(Path.Combine(_root, "__files"));
        File.WriteAllText(Path.Combine(_root, "__files", "ok.txt"), "inside");
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    private void Mapping(string name, string json, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        File.WriteAllBytes(Path.Combine(_root, "mappings", name), bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    [Test]
    public async Task BomCommentsAndTrailingCommas_Load()
    {
        Mapping("a.json", "/* block */ {\"request\": {\"url\": \"/a\"}, // line\n \"response\": {\"bodyFileName\": \"ok.txt\",},}", bom: true);
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = _root });
        using var http = new HttpClient { BaseAddress = server.Url };

        (await http.GetStringAsync("/a")).ShouldBe("inside");
    }

    [TestCase("../outside.txt")]
    [TestCase("sub/../../outside.txt")]
    [TestCase("/etc/passwd")]
    public async Task BodyFileName_EscapingFiles_IsRefused(string name)
    {
        File.WriteAllText(Path.Combine(_root, "outside.txt"), "secret");
        Mapping("bad.json", """{"request": {"url": "/x"}, "response": {"bodyFileName": "NAME"}}""".Replace("NAME", name, StringComparison.Ordinal));
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<WireMockMappingException>(() => server.LoadMappings(_root));

        error.JsonPath.ShouldBe("$.response.bodyFileName");
        error.File.ShouldEndWith("bad.json");
        error.Message.ShouldContain("inside __files");
    }

    [Test]
    public async Task BodyFileName_SymlinkOutOfFiles_IsRefused()
    {
        File.WriteAllText(Path.Combine(_root, "outside.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "__files", "link.txt"), Path.Combine(_root, "outside.txt"));
        Mapping("link.json", """{"request": {"url": "/x"}, "response": {"bodyFileName": "link.txt"}}""");
        await using var server = await MockServer.StartAsync();

        Should.Throw<WireMockMappingException>(() => server.LoadMappings(_root)).Message.ShouldContain("symbolic link");
    }

    [Test]
    public async Task OneBadFile_LoadsNothing()
    {
        Mapping("1-good.json", """{"request": {"url": "/good"}, "response": {"status": 200}}""");
        Mapping("2-bad.json", """{"mappings": [{"request": {"url": "/ok"}, "response": {}}, {"request": {"method": 7}, "response": {}}]}""");
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<WireMockMappingException>(() => server.LoadMappings(_root));

        error.JsonPath.ShouldBe("$.mappings[1].request.method");
        error.Message.ShouldContain("expected a string, found the number 7");
        server.Stubs.ShouldBeEmpty();
    }

    [TestCase("""{"request": {"url": "/x"}, "response": {"status": 200}""", "$", "not valid JSON")]
    [TestCase("""{"request": {"url": "/x", "unknownField": 1}, "response": {}}""", "$.request.unknownField", "not a request field")]
    [TestCase("""{"request": {"url": "/x"}, "response": {"transformers": ["response-template"]}}""", "$.response.transformers", "not a response field")]
    [TestCase("""{"request": {"url": "/x", "urlPath": "/y"}, "response": {}}""", "$.request.urlPath", "only one of")]
    [TestCase("""{"request": {"urlPattern": "(unclosed"}, "response": {}}""", "$.request.urlPattern", "valid urlPattern")]
    [TestCase("""{"request": {"headers": {"A": {"equalToXml": "<a/>"}}}, "response": {}}""", "$.request.headers.A.equalToXml", "not supported")]
    [TestCase("""{"request": {}, "response": {"fault": "EXPLODE"}}""", "$.response.fault", "CONNECTION_RESET_BY_PEER")]
    [TestCase("""{"request": {}, "response": {"status": 42}}""", "$.response.status", "from 100 to 999")]
    [TestCase("""{"request": {}, "response": {"proxyBaseUrl": "http://example.com"}}""", "$.response.proxyBaseUrl", "AllowProxyToAnyHost")]
    [TestCase("""{"request": {}, "response": {}, "priority": 0}""", "$.priority", "from 1 to")]
    public async Task InvalidMapping_NamesPathAndExpectation(string json, string path, string expected)
    {
        Mapping("m.json", json);
        await using var server = await MockServer.StartAsync();

        var error = Should.Throw<WireMockMappingException>(() => server.LoadMappings(_root));

        error.JsonPath.ShouldBe(path);
        error.Message.ShouldContain(expected);
        error.Message.ShouldStartWith(Path.Combine(_root, "mappings", "m.json"));
    }

    [Test]
    public async Task LargeBodyFile_IsStreamedFromDisk_NotBuffered()
    {
        const int size = 64 * 1024 * 1024;
        await using (var file = File.Create(Path.Combine(_root, "__files", "big.bin")))
        {
            file.SetLength(size);
        }

        Mapping("big.json", """{"request": {"url": "/big"}, "response": {"bodyFileName": "big.bin", "headers": {"Content-Type": "application/octet-stream"}}}""");
        await using var server = await MockServer.StartAsync(new MockServerOptions { MappingsDirectory = _root });
        using var http = new HttpClient { BaseAddress = server.Url };
        var before = GC.GetTotalAllocatedBytes(precise: true);

        using var response = await http.GetAsync("/big", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentLength.ShouldBe(size);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        total.ShouldBe(size);
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(size / 4);
    }

    [Test]
    public async Task MissingFolder_SaysWhichFolder()
    {
        await using var server = await MockServer.StartAsync();

        Should.Throw<DirectoryNotFoundException>(() => server.LoadMappings(Path.Combine(_root, "nope"))).Message.ShouldContain("nope");
    }

    [Test]
    public async Task RegexesRunWithATimeout()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { RegexTimeout = TimeSpan.FromMilliseconds(50) });
        server.AddMappings("""{"request": {"urlPath": "/r", "bodyPatterns": [{"matches": "^(a+)+$"}]}, "response": {"status": 200}}""");
        using var http = new HttpClient { BaseAddress = server.Url };

        using var response = await http.PostAsync("/r", new StringContent(new string('a', 40) + "!"));

        ((int)response.StatusCode).ShouldBe(404);
    }
}
