using System.Text;
using Courier.Recorder;

namespace Courier.RecorderTests.Format;

/// <summary>The "Cassette loader and writer" rows of RELIABILITY.md: every bad input gives a typed, located error.</summary>
public sealed class SafeLoadingTests
{
    private const string Valid = """
        interactions:
        - request:
            body: null
            headers: {}
            method: GET
            uri: http://127.0.0.1/a
          response:
            body: {string: ok}
            headers:
              Content-Type: [text/plain]
            status: {code: 200, message: OK}
        version: 1
        """;

    private static CassetteFormatException Refuse(string yaml, CassetteLoadOptions? options = null) =>
        Should.Throw<CassetteFormatException>(() => Cassette.Parse(yaml, "bad.yaml", options: options));

    [Test]
    public void Valid_Baseline_Loads() => Cassette.Parse(Valid)!.Interactions.Count.ShouldBe(1);

    [TestCase("!!python/object/apply:os.system ['touch /tmp/x']", "python/object/apply")]
    [TestCase("!!System.Diagnostics.Process {}", "System.Diagnostics.Process")]
    [TestCase("!<tag:example.com,2000:thing> x", "tag:example.com,2000:thing")]
    [TestCase("!custom x", "!custom")]
    public void Tags_NonCore_AreRefused(string node, string named)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"courier-marker-{Guid.NewGuid():N}");
        var yaml = Valid.Replace("body: null", "body: " + node.Replace("/tmp/x", marker, StringComparison.Ordinal), StringComparison.Ordinal);

        var error = Refuse(yaml);

        error.Reason.ShouldContain(named);
        error.Line.ShouldBe(3);
        File.Exists(marker).ShouldBeFalse();
    }

    [Test]
    public void Depth_10kNested_IsRefusedWithoutStackOverflow()
    {
        var yaml = "interactions: " + new string('[', 10_000) + new string(']', 10_000) + "\nversion: 1\n";

        Refuse(yaml).Reason.ShouldContain("nesting deeper than 64");
    }

    [TestCase("a: &x [1]\nb: *x\n", "anchors")]
    [TestCase("a: [1]\nb: *x\n", "")]
    [TestCase("base: {x: 1}\nother:\n  <<: {y: 2}\n", "merge keys")]
    public void AnchorsAliasesMergeKeys_AreRefused(string yaml, string reason)
    {
        var error = Should.Throw<CassetteFormatException>(() => Cassette.Parse(yaml, "bad.yaml"));
        error.Reason.ShouldContain(reason);
    }

    [Test]
    public void BillionLaughs_IsRefusedAtTheFirstAnchor()
    {
        var yaml = "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n";

        var error = Refuse(yaml);

        error.Reason.ShouldContain("anchors");
        error.Line.ShouldBe(1);
    }

    [Test]
    public void DuplicateKeys_AreRefused()
    {
        var yaml = Valid.Replace("    method: GET", "    method: GET\n    method: POST", StringComparison.Ordinal);

        var error = Refuse(yaml);

        error.Reason.ShouldContain("duplicate key 'method'");
        error.Line.ShouldBe(6);
    }

    [Test]
    public void DuplicateKeys_InJson_AreRefused()
    {
        var json = """{"interactions": [], "version": 1, "version": 1}""";

        Should.Throw<CassetteFormatException>(() => Cassette.Parse(json, "bad.json", json: true)).Reason.ShouldContain("duplicate key 'version'");
    }

    [Test]
    public void HugeFile_IsRefusedBeforeReading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"courier-huge-{Guid.NewGuid():N}.yaml");
        using (var file = File.Create(path))
        {
            file.SetLength(200L * 1024 * 1024);
        }

        try
        {
            var error = Should.Throw<CassetteFormatException>(() => Cassette.Load(path));
            error.Reason.ShouldContain("MaxFileBytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void HugeScalar_IsRefusedAtTheCap()
    {
        var yaml = Valid.Replace("{string: ok}", "{string: " + new string('x', 5000) + "}", StringComparison.Ordinal);

        Refuse(yaml, new CassetteLoadOptions { MaxScalarLength = 4096 }).Reason.ShouldContain("MaxScalarLength");
    }

    [TestCase(10)]
    [TestCase(11)]
    public void Truncated_IsRefusedNamingTheLine(int keepLines)
    {
        var truncated = string.Join('\n', Valid.Split('\n').Take(keepLines));

        var error = Refuse(truncated);

        error.Line.ShouldBeGreaterThan(0);
        error.Message.ShouldContain("bad.yaml");
    }

    [Test]
    public void UnclosedFlowCollection_IsMalformedYaml()
    {
        var error = Refuse("interactions: [{request: {method: GET\nversion: 1\n");

        error.Reason.ShouldContain("malformed YAML");
    }

    [TestCase("version: 2\ninteractions: []\n", "version '2' is not supported")]
    [TestCase("interactions: []\n", "no 'version'")]
    [TestCase("version: 1\ninteractions:\n- response: {}\n", "has no 'request'")]
    public void Version_AndRequiredFields_AreChecked(string yaml, string reason) => Refuse(yaml).Reason.ShouldContain(reason);

    [Test]
    public void UnknownFields_AreRefusedInStrictModeOnly()
    {
        var yaml = Valid.Replace("    method: GET", "    method: GET\n    surprise: 1", StringComparison.Ordinal);

        Cassette.Parse(yaml)!.Interactions.Count.ShouldBe(1);
        Refuse(yaml, new CassetteLoadOptions { Strict = true }).Reason.ShouldContain("unknown field 'surprise'");
    }

    [Test]
    public void BomAndCrlf_AreAccepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Valid.ReplaceLineEndings("\r\n"))).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"courier-bom-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, bytes);
        try
        {
            Cassette.Load(path)!.Interactions[0].Response.Body.ShouldBe("ok"u8.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("!!binary 'not base64!!'", "not valid base64")]
    public void BodyMetadata_ThatLies_IsRefused(string body, string reason) =>
        Refuse(Valid.Replace("{string: ok}", "{string: " + body + "}", StringComparison.Ordinal)).Reason.ShouldContain(reason);

    [Test]
    public void GzipHeader_WithPlainBody_IsRefused()
    {
        var yaml = Valid.Replace("Content-Type: [text/plain]", "Content-Encoding: [gzip]", StringComparison.Ordinal);

        Refuse(yaml).Reason.ShouldContain("not gzip data");
    }

    [Test]
    public void ContentLength_Mismatch_IsToleratedUnlessStrict()
    {
        var yaml = Valid.Replace("Content-Type: [text/plain]", "Content-Length: ['99']", StringComparison.Ordinal);

        Cassette.Parse(yaml).ShouldNotBeNull();
        Refuse(yaml, new CassetteLoadOptions { Strict = true }).Reason.ShouldContain("Content-Length");
    }

    [TestCase("Content-Type: [\"text/plain\\r\\nInjected: 1\"]", "CR, LF or NUL")]
    [TestCase("Content-Type: [\"a\\0b\"]", "CR, LF or NUL")]
    [TestCase("\"Bad Name\": [x]", "not a valid HTTP header name")]
    [TestCase("\"Bad:Name\": [x]", "not a valid HTTP header name")]
    public void Headers_WithInjection_AreRefused(string header, string reason) =>
        Refuse(Valid.Replace("Content-Type: [text/plain]", header, StringComparison.Ordinal)).Reason.ShouldContain(reason);

    [TestCase("0")]
    [TestCase("99")]
    [TestCase("1000")]
    [TestCase("abc")]
    [TestCase("-200")]
    public void StatusCode_OutOfRange_IsRefused(string code) =>
        Refuse(Valid.Replace("code: 200", "code: " + code, StringComparison.Ordinal)).Reason.ShouldContain("100 to 999");

    [Test]
    public void ReasonPhrase_WithNewline_IsRefused() =>
        Refuse(Valid.Replace("message: OK", "message: \"OK\\r\\nX: 1\"", StringComparison.Ordinal)).Reason.ShouldContain("reason phrase");

    [TestCase("ftp://127.0.0.1/a", "scheme 'ftp'")]
    [TestCase("/relative", "not an absolute URI")]
    public void Uris_Unsafe_AreRefused(string uri, string reason) =>
        Refuse(Valid.Replace("http://127.0.0.1/a", uri, StringComparison.Ordinal)).Reason.ShouldContain(reason);

    [Test]
    public void TwoDocuments_AreRefused() => Refuse(Valid + "\n---\n" + Valid).Reason.ShouldContain("more than one YAML document");

    [Test]
    public void CommentsOnly_IsNoCassette() => Cassette.Parse("# nothing here\n\n").ShouldBeNull();
}
