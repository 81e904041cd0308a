using System.Text;
using Courier.Mocking;
using Courier.Mocking.Matching;
using Courier.Recorder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>The recorder matches with the shared engine of Courier.Mocking: the same rules and the same report as MockTransport.</summary>
public sealed class SharedEngineTests : RecorderTestBase
{
    private const string RecordedJson = """{"order": {"id": 7, "items": ["a", "b"]}, "note": "x"}""";

    private static Cassette OneOrder() => new(
    [
        new Interaction(
            new RecordedRequest
            {
                Method = "POST",
                Uri = "http://127.0.0.1:1/orders?b=2&a=1",
                Headers = new([new("Content-Type", ["application/json"])]),
                Body = Encoding.UTF8.GetBytes(RecordedJson),
            },
            new RecordedResponse { StatusCode = 201, Body = "created"u8.ToArray() }),
    ]);

    private static MockTransport SameRouteAsMock()
    {
        var mock = new MockTransport();
        mock.Route().Method("POST").Scheme("http").Host("127.0.0.1").Port(1).Path("/orders")
            .WithExactQuery([new("b", "2"), new("a", "1")]).WithJsonBody(RecordedJson).Respond(201);
        return mock;
    }

    private static RecorderOptions JsonOptions => Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.JsonBody, AllowPlaybackRepeats = true };

    [TestCase("""{"note":"x","order":{"items":["a","b"],"id":7}}""", true, TestName = "JsonBody_KeyOrderAndWhitespaceIgnored_LikeMockTransport")]
    [TestCase("""{"order": {"id": 7.0, "items": ["a", "b"]}, "note": "x"}""", true, TestName = "JsonBody_NumbersByValue_LikeMockTransport")]
    [TestCase("""{"order": {"id": 7, "items": ["b", "a"]}, "note": "x"}""", false, TestName = "JsonBody_ArrayOrderCounts_LikeMockTransport")]
    [TestCase("""{"order": {"id": 7, "items": ["a", "b"]}, "note": "x", "extra": 1}""", false, TestName = "JsonBody_ExtraMemberFails_LikeMockTransport")]
    public async Task JsonBody_SameStructureRuleAsMockTransport(string body, bool matches)
    {
        using var mockClient = new HttpClient(SameRouteAsMock());
        using var recorder = new Recorder(OneOrder(), new NoNetwork(), JsonOptions);
        using var recorderClient = new HttpClient(recorder);

        var viaMock = await Outcome(() => mockClient.PostAsync("http://127.0.0.1:1/orders?a=1&b=2", Json(body)));
        var viaRecorder = await Outcome(() => recorderClient.PostAsync("http://127.0.0.1:1/orders?a=1&b=2", Json(body)));

        viaMock.ShouldBe(matches);
        viaRecorder.ShouldBe(viaMock);
    }

    [Test]
    public async Task Mismatch_PrintsTheSameConditionLinesAsMockTransport()
    {
        const string sent = """{"order": {"id": 8, "items": ["a", "b"]}, "note": "x"}""";
        using var mockClient = new HttpClient(SameRouteAsMock());
        using var recorder = new Recorder(OneOrder(), new NoNetwork(), JsonOptions);
        using var recorderClient = new HttpClient(recorder);

        var mockError = await Should.ThrowAsync<UnmatchedRequestException>(() => mockClient.PostAsync("http://127.0.0.1:1/orders?a=1&c=3", Json(sent)));
        var recorderError = await Should.ThrowAsync<CassetteMismatchException>(() => recorderClient.PostAsync("http://127.0.0.1:1/orders?a=1&c=3", Json(sent)));

        var mockLines = ConditionLines(mockError.Report);
        mockLines.ShouldContain(l => l.Contains("<<<<< Query does not match", StringComparison.Ordinal));
        mockLines.ShouldContain(l => l.Contains("<<<<< Body does not match", StringComparison.Ordinal));
        ConditionLines(recorderError.Message).ShouldBe(mockLines);
        recorderError.Message.ShouldContain("JSON body of interaction #1 differs at $.order.id: recorded 7, got 8");
    }

    [Test]
    public async Task PatternMatchers_UseEngineMatchersPerRecordedRequest()
    {
        var options = Options(RecordMode.None) with
        {
            MatchOn = MatchOn.Method | MatchOn.Path,
            PatternMatchers = [recorded => new JsonPathMatcher("$.order.id", ValuePattern.EqualTo("7"))],
        };
        using var recorder = new Recorder(OneOrder(), new NoNetwork(), options);
        using var client = new HttpClient(recorder);

        (await client.PostAsync("http://127.0.0.1:1/orders", Json("""{"order": {"id": 7}}"""))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var error = await Should.ThrowAsync<CassetteMismatchException>(() => client.PostAsync("http://127.0.0.1:1/orders", Json("""{"order": {"id": 9}}""")));
        error.Message.ShouldContain("$.order.id 7");
    }

    [Test]
    public async Task Query_OrderInsensitiveButDuplicatesCount()
    {
        var cassette = new Cassette(
        [
            new Interaction(new RecordedRequest { Method = "GET", Uri = "http://127.0.0.1:1/q?a=1&a=2&b=x%20y" }, new RecordedResponse { StatusCode = 200 }),
        ]);
        using var recorder = new Recorder(cassette, new NoNetwork(), Options(RecordMode.None) with { AllowPlaybackRepeats = true });
        using var client = new HttpClient(recorder);

        (await client.GetAsync("http://127.0.0.1:1/q?b=x+y&a=2&a=1")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await Should.ThrowAsync<CassetteMismatchException>(() => client.GetAsync("http://127.0.0.1:1/q?a=1&b=x+y"));
    }

    [Test]
    public void JsonDiff_ListsPathsUnderTheMatcherRules()
    {
        using var expected = System.Text.Json.JsonDocument.Parse("""{"a": 1, "b": {"c": [1, 2, 3]}, "gone": true}""");
        using var actual = System.Text.Json.JsonDocument.Parse("""{"b": {"c": [1, 5]}, "a": 1.0, "new": null}""");

        var differences = JsonDiff.Differences(expected.RootElement, actual.RootElement);

        differences.ShouldBe(
        [
            new JsonDifference("$.b.c[1]", "2", "5"),
            new JsonDifference("$.b.c[2]", "3", null),
            new JsonDifference("$.gone", "true", null),
            new JsonDifference("$.new", null, "null"),
        ]);
        JsonDiff.Differences(expected.RootElement, expected.RootElement).ShouldBeEmpty();
        JsonDiff.Differences(actual.RootElement, expected.RootElement, new JsonMatchOptions { IgnoreExtraElements = true }).Select(d => d.Path).ShouldBe(["$.b.c[1]", "$.new"]);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<bool> Outcome(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is UnmatchedRequestException or CassetteMismatchException)
        {
            return false;
        }
    }

    /// <summary>The condition rows of the first block of a near-miss table (expected | actual), without the block's name.</summary>
    private static List<string> ConditionLines(string report)
    {
        var lines = report.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("| Closest", StringComparison.Ordinal)) + 2;
        var end = Array.FindIndex(lines, start, l => l.StartsWith("-----", StringComparison.Ordinal));
        return [.. lines[start..end].Where(l => l.Contains('|', StringComparison.Ordinal) && !l.StartsWith(' ') && !l.StartsWith("Interaction", StringComparison.Ordinal) && !l.StartsWith("http", StringComparison.Ordinal) && !l.StartsWith("Route ", StringComparison.Ordinal))];
    }
}
