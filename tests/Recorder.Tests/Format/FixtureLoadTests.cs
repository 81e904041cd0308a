using System.IO.Compression;
using System.Text;
using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.RecorderTests.Format;

/// <summary>Every cassette in shared/fixtures/cassettes loads (or is refused) as its README says.</summary>
public sealed class FixtureLoadTests
{
    private static Cassette LoadFixture(params string[] parts)
    {
        var cassette = Cassette.Load(Fixtures.Path(["cassettes", .. parts]));
        cassette.ShouldNotBeNull();
        return cassette;
    }

    private static CassetteFormatException Refused(params string[] parts) =>
        Should.Throw<CassetteFormatException>(() => Cassette.Load(Fixtures.Path(["cassettes", .. parts])));

    private static string Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    [TestCase("new_cassette.yaml", CassetteDialect.VcrPy)]
    [TestCase("new_cassette.json", CassetteDialect.VcrPyJson)]
    public void VcrPy_NewCassette_FlowStyleAndJson_Load(string file, CassetteDialect dialect)
    {
        var cassette = LoadFixture("vcrpy", file);

        cassette.Dialect.ShouldBe(dialect);
        var (request, response) = cassette.Interactions.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Uri.ShouldBe("http://httpbin.org/ip");
        request.Body.ShouldBeNull();
        request.Headers.GetValues("accept").ShouldBe(["*/*"]);
        response.StatusCode.ShouldBe(200);
        response.ReasonPhrase.ShouldBe("OK");
        response.Headers.Get("content-type").ShouldBe("application/json");
        Encoding.UTF8.GetString(response.Body).ShouldBe("{\n  \"origin\": \"217.122.164.194\"\n}");
    }

    [Test]
    public void VcrPy_OldCassetteYaml_IsRefusedNamingPre10()
    {
        var error = Refused("vcrpy", "old_cassette.yaml");

        error.Path.ShouldEndWith("old_cassette.yaml");
        error.Line.ShouldBe(1);
        error.Reason.ShouldContain("before 1.0");
        error.Message.ShouldContain("old_cassette.yaml");
    }

    [Test]
    public void VcrPy_OldCassetteJson_IsRefusedAsTopLevelList()
    {
        var error = Refused("vcrpy", "old_cassette.json");

        error.Line.ShouldBe(1);
        error.Reason.ShouldContain("before 1.0");
    }

    [Test]
    public void VcrPy_NotCassette_IsRefused()
    {
        var error = Refused("vcrpy", "not_cassette.txt");

        error.Reason.ShouldContain("not a cassette");
        error.Line.ShouldBe(1);
    }

    [Test]
    public void VcrPy_DomainRedirect_Keeps301AndGzipBinaryBody()
    {
        var cassette = LoadFixture("vcrpy", "domain_redirect.yaml");

        cassette.Interactions.Count.ShouldBe(2);
        cassette.Interactions[0].Response.StatusCode.ShouldBe(301);
        cassette.Interactions[0].Response.ReasonPhrase.ShouldBe("Moved Permanently");
        cassette.Interactions[0].Response.Headers.Get("Location").ShouldBe("http://moz.com/");
        cassette.Interactions[0].Response.Body.ShouldBeEmpty();
        var second = cassette.Interactions[1].Response;
        second.Headers.Get("Content-Encoding").ShouldBe("gzip");
        second.Body[..2].ShouldBe(new byte[] { 0x1f, 0x8b });
        Gunzip(second.Body).ShouldContain("<html", Case.Insensitive);
    }

    [Test]
    public void VcrPy_GzipRequests_KeepsCustomReasonAndCompressedBytes()
    {
        var response = LoadFixture("vcrpy", "gzip_requests.yaml").Interactions.ShouldHaveSingleItem().Response;

        response.ReasonPhrase.ShouldBe("great");
        response.Body.Length.ShouldBe(182);
        response.Headers.Get("Content-Length").ShouldBe("182");
        Gunzip(response.Body).ShouldContain("\"gzipped\":true");
    }

    [Test]
    public void VcrPy_HttpxOldFormat_ReadsStatusCodeAndDecodedContent()
    {
        var response = LoadFixture("vcrpy", "gzip_httpx_old_format.yaml").Interactions.ShouldHaveSingleItem().Response;

        response.StatusCode.ShouldBe(200);
        response.HttpVersion.ShouldBe("HTTP/1.1");
        Encoding.UTF8.GetString(response.Body).ShouldStartWith("{\n  \"gzipped\": true, \n  \"headers\": {");
        response.Headers.Contains("Content-Encoding").ShouldBeFalse("the stored body is already decoded");
        response.Headers.Get("Content-Type").ShouldBe("application/json");
    }

    [Test]
    public void VcrPy_TornadoTuples_ReadHeadersAndUnicodeBodies()
    {
        var cassette = LoadFixture("vcrpy", "test_tornado_exception_can_be_caught.yaml");

        cassette.Interactions.Select(i => i.Response.StatusCode).ShouldBe([500, 404]);
        cassette.Interactions[0].Response.ReasonPhrase.ShouldBe("INTERNAL SERVER ERROR");
        cassette.Interactions[0].Response.Body.ShouldBeEmpty();
        cassette.Interactions[0].Response.Headers.Get("Content-Type").ShouldBe("text/html; charset=utf-8");
    }

    [Test]
    public void VcrPy_TornadoDecorator_KeepsTwoSetCookieValuesWithCommas()
    {
        var response = LoadFixture("vcrpy", "test_tornado_with_decorator_use_cassette.yaml").Interactions.ShouldHaveSingleItem().Response;

        var cookies = response.Headers.GetValues("Set-Cookie");
        cookies.Count.ShouldBe(2);
        cookies[0].ShouldStartWith("PREF=ID=1111111111111111:FF=0");
        cookies[0].ShouldContain("expires=Sat, 29-Jul-2017 08:41:40 GMT");
        cookies[1].ShouldStartWith("NID=69=");
        Encoding.UTF8.GetString(response.Body).ShouldBe("not actually google");
    }

    [Test]
    public void RubyVcr_Example_ReadsBareStringBodiesAndBangTags()
    {
        var cassette = LoadFixture("ruby-vcr", "example.yml");

        cassette.Dialect.ShouldBe(CassetteDialect.RubyVcr);
        cassette.Interactions.Count.ShouldBe(3);
        cassette.Interactions[0].Request.Method.ShouldBe("GET");
        cassette.Interactions[0].Response.Headers.Get("Etag").ShouldBe("\"24ec5-1b6-4059a80bfd280\"");
        Encoding.UTF8.GetString(cassette.Interactions[0].Response.Body).ShouldStartWith("<HTML>\n<HEAD>\n  <TITLE>Example Web Page</TITLE>");
        Encoding.UTF8.GetString(cassette.Interactions[1].Response.Body).ShouldEndWith("</body></html>\n");
        cassette.Interactions[1].Response.StatusCode.ShouldBe(404);
        Encoding.UTF8.GetString(cassette.Interactions[2].Response.Body).ShouldBe("Another example.com response");
        cassette.Interactions[2].Response.RecordedAt.ShouldBe("Tue, 01 Nov 2011 04:49:54 GMT");
    }

    [Test]
    public void RubyVcr_FakeExampleResponses_KeepsSequenceAndTwoSetCookies()
    {
        var cassette = LoadFixture("ruby-vcr", "fake_example_responses.yml");

        cassette.Interactions.Count.ShouldBe(4);
        Encoding.UTF8.GetString(cassette.Interactions[0].Response.Body).ShouldBe("example.com get response 1 with path=foo");
        Encoding.UTF8.GetString(cassette.Interactions[1].Response.Body).ShouldBe("example.com get response 2 with path=foo");
        cassette.Interactions[2].Request.Method.ShouldBe("POST");
        cassette.Interactions[3].Response.Headers.GetValues("Set-Cookie").ShouldBe(["bar=bazz", "foo=bar"]);
    }

    [Test]
    public void RubyVcr_MatchRequestsOn_ReadsBodiesAndHeaders()
    {
        var cassette = LoadFixture("ruby-vcr", "match_requests_on.yml");

        cassette.Interactions.Count.ShouldBe(12);
        Encoding.UTF8.GetString(cassette.Interactions[8].Request.Body!).ShouldBe("param=val1");
        cassette.Interactions[10].Request.Headers.Get("X-Http-Header1").ShouldBe("val1");
        Encoding.UTF8.GetString(cassette.Interactions[11].Response.Body).ShouldBe("val2 header response");
    }

    [Test]
    public void RubyVcr_WithLocalhostRequests_Loads()
    {
        var cassette = LoadFixture("ruby-vcr", "with_localhost_requests.yml");

        cassette.Interactions.Select(i => i.Request.Uri).ShouldBe(["http://localhost/", "http://127.0.0.1/", "http://0.0.0.0/", "http://example.com/"]);
    }

    [Test]
    public void RubyVcr_1xCassette_IsRefusedNamingVcr1()
    {
        var error = Refused("ruby-vcr", "1_x_cassette.yml");

        error.Reason.ShouldContain("Ruby VCR 1.x");
        error.Line.ShouldBe(2);
    }

    [Test]
    public void RubyVcr_EmptyFile_IsNoCassette()
    {
        Cassette.Load(Fixtures.Path("cassettes", "ruby-vcr", "empty.yml")).ShouldBeNull();
    }

    [Test]
    public void Betamax_PreserveExactBytes_DecodesBase64Bodies()
    {
        var cassette = LoadFixture("betamax", "preserve_exact_bytes.json");

        cassette.Dialect.ShouldBe(CassetteDialect.Betamax);
        var (request, response) = cassette.Interactions.ShouldHaveSingleItem();
        request.Body.ShouldBe("a=1"u8.ToArray());
        response.Body.Length.ShouldBe(430);
        Encoding.UTF8.GetString(response.Body).ShouldContain("\"form\": {\n    \"a\": \"1\"\n  }");
    }

    [Test]
    public void Betamax_MultipleCookies_KeepsFourSetCookieValues()
    {
        var cassette = LoadFixture("betamax", "test-multiple-cookies-regression.json");

        cassette.Interactions[0].Response.StatusCode.ShouldBe(302);
        cassette.Interactions[0].Response.Headers.GetValues("set-cookie")
            .ShouldBe(["cookie1=value1; Path=/", "cookie0=value0; Path=/", "cookie3=value3; Path=/", "cookie2=value2; Path=/"]);
    }

    [Test]
    public void Betamax_RightOrder_ReadsStatusCodeAndStringHeaders()
    {
        var cassette = LoadFixture("betamax", "test_replays_response_on_right_order.json");

        cassette.Interactions.Count.ShouldBe(2);
        cassette.Interactions.ShouldAllBe(i => i.Response.StatusCode == 200);
        Encoding.UTF8.GetString(cassette.Interactions[0].Response.Body).ShouldContain("72.160.214.132");
        Encoding.UTF8.GetString(cassette.Interactions[1].Response.Body).ShouldContain("72.160.214.133");
        cassette.Interactions[0].Response.Headers.Get("content-length").ShouldBe("295");
    }

    [Test]
    public void Betamax_GitHubEmojis_KeepsGzipBytes()
    {
        var (request, response) = LoadFixture("betamax", "GitHub_emojis.json").Interactions.ShouldHaveSingleItem();

        request.Body.ShouldBe(Array.Empty<byte>());
        response.Headers.Get("content-encoding").ShouldBe("gzip");
        Gunzip(response.Body).ShouldContain("\"+1\"");
    }
}
