using System.Diagnostics;
using System.Text.Json;
using Courier.Mocking;

namespace Courier.MockingTests.Reliability;

/// <summary>RELIABILITY.md stub server rows 2 (rejected requests journalled) and 14 (journal capped by body bytes).</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class JournalLimitsTests
{
    [Test]
    public async Task Row2_RejectedRequests_AreInTheAdminJournal_MarkedRejected_NeverUnmatched()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxRequestBodySize = 1_000 });
        server.Post("/ok").Respond(200);
        using var http = new HttpClient { BaseAddress = server.Url };

        (await RawHttp.ExchangeAsync(server.Port, $"GET /ok?{new string('a', 20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).ShouldContain(" 414 ");
        // The head alone announces the oversize body: Kestrel refuses it before any body byte (a client still writing a
        // body when the 413 and the close arrive can see a reset instead, under load).
        (await RawHttp.ExchangeAsync(server.Port, "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n")).ShouldContain(" 413 ");
        (await http.GetAsync("/nowhere")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        await WaitForAsync(() => server.Requests.Count == 3);

        using var all = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests"));
        var entries = all.RootElement.GetProperty("requests").EnumerateArray().ToList();
        entries.Count.ShouldBe(3);
        var rejected = entries.Where(e => e.GetProperty("wasRejected").GetBoolean()).ToList();
        rejected.Select(e => e.GetProperty("responseStatus").GetInt32()).Order().ShouldBe([413, 414]);
        rejected.ShouldAllBe(e => !e.GetProperty("wasMatched").GetBoolean() && e.GetProperty("rejectionReason").GetString()!.Length > 0);
        var tooLarge = rejected.Single(e => e.GetProperty("responseStatus").GetInt32() == 413);
        tooLarge.GetProperty("request").GetProperty("url").GetString().ShouldBe("/ok");
        tooLarge.GetProperty("request").GetProperty("method").GetString().ShouldBe("POST");
        tooLarge.GetProperty("request").GetProperty("bodySize").GetInt64().ShouldBe(5_000);
        entries.Single(e => !e.GetProperty("wasRejected").GetBoolean()).TryGetProperty("rejectionReason", out _).ShouldBeFalse();

        using var unmatched = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests/unmatched"));
        unmatched.RootElement.GetProperty("requests").EnumerateArray().Select(e => e.GetProperty("request").GetProperty("url").GetString()).ShouldBe(["/nowhere"]);
        server.UnmatchedRequests.Select(r => r.Path).ShouldBe(["/nowhere"]);
        server.RejectedRequests.Count.ShouldBe(2);
        server.Stubs[0].CallCount.ShouldBe(0);
        Should.Throw<MockAssertionException>(() => server.AssertNoUnmatched()).Message.ShouldContain("1 request was not matched");
    }

    [Test]
    public async Task Row2_MalformedChunkedBody_IsJournalledOnce_WithItsRequestLine()
    {
        // Kestrel throws while the middleware reads the body: journalled there (method, URL), and its bad-request log skips it.
        await using var server = await MockServer.StartAsync();
        server.Post("/ok").Respond(200);

        var raw = await RawHttp.ExchangeAsync(server.Port, "POST /ok?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        await Task.Delay(300); // room for a second (duplicate) entry from Kestrel's log, were it to come

        RawHttp.Statuses(raw).ShouldBe([400], raw);
        var entry = server.Requests.ShouldHaveSingleItem();
        entry.WasRejected.ShouldBeTrue();
        entry.StatusCode.ShouldBe(400);
        entry.Request.Method.ShouldBe("POST");
        entry.Request.PathAndQuery.ShouldBe("/ok?x=1");
        server.Stubs[0].CallCount.ShouldBe(0);
    }

    [Test]
    public async Task Row14_FloodOf64KiBBodies_StoredBodyBytesStayAtTheCap_OldestLoseTheirBodies()
    {
        const int Cap = 1024 * 1024;
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalBodyBytes = Cap, MaxJournalEntries = 1_000 });
        server.Post("/upload").Respond(204);
        using var http = new HttpClient { BaseAddress = server.Url };
        var body = new byte[64 * 1024];
        Random.Shared.NextBytes(body);

        const int Sent = 200; // 12.5 MiB of bodies against a 1 MiB cap
        await Parallel.ForAsync(0, Sent, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
            (await http.PostAsync("/upload", new ByteArrayContent(body), ct)).EnsureSuccessStatusCode());

        var journal = server.Requests;
        journal.Count.ShouldBe(Sent); // every entry is still there: only bodies go
        var stored = journal.Sum(e => (long)e.Request.Body.Length);
        stored.ShouldBeLessThanOrEqualTo(Cap);
        stored.ShouldBeGreaterThan(Cap - (64 * 1024)); // at the cap, not emptied
        journal.ShouldAllBe(e => e.BodyLength == body.Length);
        var kept = journal.Where(e => !e.BodyTruncated).ToList();
        kept.Count.ShouldBe(Cap / body.Length);
        kept.ShouldAllBe(e => e.Request.Body.ToArray().SequenceEqual(body));
        journal.TakeLast(kept.Count).ShouldAllBe(e => !e.BodyTruncated); // the newest keep theirs
        journal[0].BodyTruncated.ShouldBeTrue();
        journal[0].Request.Body.Length.ShouldBe(0);
    }

    [Test]
    public async Task Row14_BodyOverThePerEntryCap_IsStoredCut_AndSaysSo()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalEntryBodyBytes = 10_000 });
        server.Post("/upload").Respond(MockResponse.Text("got it"));
        using var http = new HttpClient { BaseAddress = server.Url };
        var body = new byte[64 * 1024];
        Random.Shared.NextBytes(body);

        (await http.PostAsync("/upload", new ByteArrayContent(body))).EnsureSuccessStatusCode();

        var entry = server.Requests.ShouldHaveSingleItem();
        entry.WasMatched.ShouldBeTrue(); // matching saw the whole body
        entry.BodyTruncated.ShouldBeTrue();
        entry.BodyLength.ShouldBe(body.Length);
        entry.Request.Body.ToArray().ShouldBe(body[..10_000]);
        server.Stubs[0].Calls.ShouldHaveSingleItem().Request.Body.Length.ShouldBe(10_000);
        using var json = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests"));
        var request = json.RootElement.GetProperty("requests")[0].GetProperty("request");
        request.GetProperty("bodyTruncated").GetBoolean().ShouldBeTrue();
        request.GetProperty("bodySize").GetInt64().ShouldBe(body.Length);
    }

    [Test]
    public async Task Row14_SmallBodies_AreKeptWhole()
    {
        await using var server = await MockServer.StartAsync(new MockServerOptions { MaxJournalBodyBytes = 100, MaxJournalEntryBodyBytes = 50 });
        server.Post("/x").Respond(200);
        using var http = new HttpClient { BaseAddress = server.Url };

        (await http.PostAsync("/x", new StringContent("small"))).EnsureSuccessStatusCode();

        var entry = server.Requests.ShouldHaveSingleItem();
        entry.BodyTruncated.ShouldBeFalse();
        entry.Request.Text.ShouldBe("small");
        using var json = JsonDocument.Parse(await http.GetStringAsync("/__admin/requests"));
        json.RootElement.GetProperty("requests")[0].GetProperty("request").GetProperty("bodyTruncated").GetBoolean().ShouldBeFalse();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        condition().ShouldBeTrue();
    }
}
