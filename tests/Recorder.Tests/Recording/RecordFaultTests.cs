using Courier.Recorder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Faults while recording: a short body is never recorded; parallel requests through one recorder all land.</summary>
public sealed class RecordFaultTests : RecorderTestBase
{
    [Test]
    public async Task ShortBody_IsNeverRecordedAsComplete()
    {
        await using var server = await StartServerAsync(app => app.MapGet("/short", async (HttpContext c) =>
        {
            c.Response.ContentLength = 10;
            await c.Response.Body.WriteAsync("12345"u8.ToArray());
            await c.Response.Body.FlushAsync();
            c.Abort();
        }));
        using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.NewEpisodes));
        using var client = new HttpClient(recorder);

        await Should.ThrowAsync<Exception>(() => client.GetAsync(server.At("/short")));

        File.Exists(CassettePath).ShouldBeFalse();
        recorder.Cassette.Interactions.ShouldBeEmpty();
    }

    [Test]
    public async Task ParallelRequests_ThroughOneRecorder_AreAllRecorded()
    {
        await using var server = await StartServerAsync();
        using (var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.NewEpisodes)))
        using (var client = new HttpClient(recorder))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetStringAsync(server.At($"/hello?n={i}"))));
        }

        var cassette = Cassette.Load(CassettePath).ShouldNotBeNull();
        cassette.Interactions.Count.ShouldBe(20);
        cassette.Interactions.Select(i => i.Request.Uri).Distinct().Count().ShouldBe(20);

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(RecordMode.None));
        using var replayClient = new HttpClient(replay);
        (await replayClient.GetStringAsync(server.At("/hello?n=13"))).ShouldBe("hello 13");
    }
}
