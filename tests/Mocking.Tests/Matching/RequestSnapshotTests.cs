using System.Net.Http.Headers;
using System.Text;
using Courier.Mocking.Matching;

namespace Courier.MockingTests.Matching;

public sealed class RequestSnapshotTests
{
    [Test]
    public async Task FromMessage_ReadsHeadersQueryCookiesAndBodyOnce()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://h.test:8080/p%20q?a=1&a=2&b=x+y&c=%C3%A9");
        message.Headers.Add("Cookie", "s=1; t=\"two\"");
        message.Content = new StringContent("{\"k\": [1, 2]}", Encoding.UTF8, "application/json");

        var snapshot = await RequestSnapshot.FromMessageAsync(message);

        snapshot.Method.ShouldBe("POST");
        (snapshot.Scheme, snapshot.Host, snapshot.Port, snapshot.Path).ShouldBe(("http", "h.test", 8080, "/p%20q"));
        snapshot.QueryValues("a").ShouldBe(["1", "2"]);
        snapshot.QueryValues("b").ShouldBe(["x y"]);
        snapshot.QueryValues("c").ShouldBe(["é"]);
        snapshot.Cookies.ShouldBe([new("s", "1"), new("t", "two")]);
        snapshot.ContentType.ShouldBe("application/json; charset=utf-8");
        snapshot.Json!.Value.GetProperty("k").GetArrayLength().ShouldBe(2);
        (await message.Content.ReadAsStringAsync()).ShouldBe("{\"k\": [1, 2]}");
    }

    [Test]
    public async Task MultipartParts_ParsedWithNamesFileNamesAndTypes()
    {
        using var form = new MultipartFormDataContent("XyZ");
        form.Add(new StringContent("hello"), "greeting");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("1,2"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "data", "d.csv");
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://h/") { Content = form };

        var snapshot = await RequestSnapshot.FromMessageAsync(message);

        snapshot.MultipartParts.Select(p => (p.Name, p.FileName, p.ContentType, p.Text)).ShouldBe(
            [("greeting", null, "text/plain; charset=utf-8", "hello"), ("data", "d.csv", "text/csv", "1,2")]);
    }

    [Test]
    public void Json_NotJson_IsNullAndJsonMatchersFail()
    {
        var snapshot = new RequestSnapshot("POST", new Uri("http://h/"), body: Encoding.UTF8.GetBytes("not json"));

        snapshot.Json.ShouldBeNull();
        new JsonPathMatcher("$.a").Match(snapshot).IsMatch.ShouldBeFalse();
        JsonBodyMatcher.FromText("{}").Match(snapshot).IsMatch.ShouldBeFalse();
    }
}

public sealed class ValuePatternTests
{
    [TestCase("abc-123", true)]
    [TestCase("abc-12x", false)]
    [TestCase("xyz-123", false)]
    public void AndOrNotMatching_Combine(string value, bool expected)
    {
        var pattern = ValuePattern.And(ValuePattern.Containing("abc"), ValuePattern.Or(ValuePattern.Matching(@"\d{3}$"), ValuePattern.EqualTo("never")), ValuePattern.NotMatching("^x"));

        pattern.IsMatch(value).ShouldBe(expected);
        pattern.ToString().ShouldBe(@"[and] [contains] abc AND [or] [matches] \d{3}$ OR never AND [doesNotMatch] ^x");
    }
}
