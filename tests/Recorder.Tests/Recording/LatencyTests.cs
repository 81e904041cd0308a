using System.Diagnostics;
using Courier.Recorder;
using Microsoft.AspNetCore.Builder;

namespace Courier.RecorderTests.Recording;

using Recorder = Courier.Recorder.Recorder;

/// <summary>Optional: record elapsed time (elapsed_ms inside response) and replay with that latency.</summary>
public sealed class LatencyTests : RecorderTestBase
{
    [Test]
    public async Task RecordElapsed_ThenReplayWithRecordedLatency_WaitsThatLong()
    {
        string url;
        await using (var server = await StartServerAsync(app => app.MapGet("/slow", async () =>
        {
            await Task.Delay(300);
            return "slow";
        })))
        {
            url = server.At("/slow");
            using var recorder = Recorder.Open(CassettePath, new SocketsHttpHandler(), Options(RecordMode.Once) with { RecordElapsed = true });
            using var client = new HttpClient(recorder);
            await client.GetStringAsync(url);
        }

        (await File.ReadAllTextAsync(CassettePath)).ShouldContain("elapsed_ms: ");
        var elapsed = Cassette.Load(CassettePath)!.Interactions[0].Response.Elapsed.ShouldNotBeNull();
        elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));

        using var replay = Recorder.Open(CassettePath, new NoNetwork(), Options(RecordMode.None) with { ReplayWithRecordedLatency = true });
        using var replayClient = new HttpClient(replay);
        var stopwatch = Stopwatch.StartNew();
        (await replayClient.GetStringAsync(url)).ShouldBe("slow");
        stopwatch.Elapsed.ShouldBeGreaterThanOrEqualTo(elapsed - TimeSpan.FromMilliseconds(20));
    }
}
