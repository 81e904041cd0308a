using Courier.Recorder;
using Courier.TestUtils;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Each foreign fixture cassette replays its recorded status, headers and body bytes, in order, with no network.</summary>
public sealed class FixtureReplayTests : RecorderTestBase
{
    private static readonly string[][] Loadable =
    [
        ["vcrpy", "new_cassette.yaml"], ["vcrpy", "new_cassette.json"], ["vcrpy", "domain_redirect.yaml"],
        ["vcrpy", "gzip_requests.yaml"], ["vcrpy", "gzip_httpx_old_format.yaml"],
        ["vcrpy", "test_tornado_exception_can_be_caught.yaml"], ["vcrpy", "test_tornado_with_decorator_use_cassette.yaml"],
        ["ruby-vcr", "example.yml"], ["ruby-vcr", "fake_example_responses.yml"], ["ruby-vcr", "match_requests_on.yml"],
        ["ruby-vcr", "with_localhost_requests.yml"],
        ["betamax", "GitHub_emojis.json"], ["betamax", "preserve_exact_bytes.json"],
        ["betamax", "test-multiple-cookies-regression.json"], ["betamax", "test_replays_response_on_right_order.json"],
    ];

    private static IEnumerable<TestCaseData> Fixtures() =>
        Loadable.Select(parts => new TestCaseData((object)parts).SetName("Replay_" + parts[0] + "_" + parts[1].Replace('.', '_')));

    [TestCaseSource(nameof(Fixtures))]
    public async Task Replay_Fixture_GivesRecordedStatusHeadersAndBytes(string[] parts)
    {
        var cassette = Cassette.Load(TestUtils.Fixtures.Path(["cassettes", .. parts])).ShouldNotBeNull();
        var options = Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.Body, RedactHeaders = [] };
        using var recorder = new Recorder(cassette, new NoNetwork(), options);
        using var client = new HttpClient(recorder);

        foreach (var (recordedRequest, recorded) in cassette.Interactions.ToList())
        {
            using var request = new HttpRequestMessage(new HttpMethod(recordedRequest.Method), recordedRequest.Uri);
            if (recordedRequest.Body is { } body)
            {
                request.Content = new ByteArrayContent(body);
            }

            using var response = await client.SendAsync(request);

            ((int)response.StatusCode).ShouldBe(recorded.StatusCode);
            if (recorded.ReasonPhrase is not null)
            {
                response.ReasonPhrase.ShouldBe(recorded.ReasonPhrase);
            }

            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(recorded.Body);
            response.Content.Headers.ContentLength.ShouldBe(recorded.Body.Length);
            foreach (var header in recorded.Headers.Where(h => h.Name is not ("Content-Length" or "content-length" or "transfer-encoding" or "Transfer-Encoding")))
            {
                var values = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
                    .Where(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value);
                values.ShouldBe(recorded.Headers.GetValues(header.Name), $"header {header.Name}");
            }
        }
    }
}
