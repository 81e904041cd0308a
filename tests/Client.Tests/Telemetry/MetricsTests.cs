using System.Diagnostics.Metrics;
using Courier.ClientTests.Support;

namespace Courier.ClientTests.Telemetry;

[NonParallelizable]
public class MetricsTests
{
    /// <summary>Measurements of Courier's instruments for one host (each test uses its own host name).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _host;

        public Measurements(string host)
        {
            _host = host;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Courier")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public List<(string Instrument, double Value, Dictionary<string, object?> Tags)> All { get; } = [];

        public List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string instrument)
        {
            lock (All)
            {
                return All.Where(m => m.Instrument == instrument).ToList();
            }
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dict = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dict[tag.Key] = tag.Value;
            }

            if (Equals(dict.GetValueOrDefault("server.address"), _host))
            {
                lock (All)
                {
                    All.Add((instrument.Name, value, dict));
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    [Test]
    public async Task RequestDuration_OneMeasurementPerLogicalRequest_WithSemanticConventionTags()
    {
        using var metrics = new Measurements("m1.test");
        using var client = Echo.MockClient(
            r => r.Url.AbsolutePath == "/old" ? new Response(301, headers: new() { { "Location", "/new" } }) : new Response(200),
            new ClientOptions { FollowRedirects = true });

        await client.GetAsync("https://m1.test/old");

        var durations = metrics.Of("http.client.request.duration");
        durations.Count.ShouldBe(1);
        var (_, seconds, tags) = durations[0];
        seconds.ShouldBeGreaterThanOrEqualTo(0);
        seconds.ShouldBeLessThan(60);
        tags["http.request.method"].ShouldBe("GET");
        tags["http.response.status_code"].ShouldBe(200);
        tags["server.port"].ShouldBe(443);
        tags["url.scheme"].ShouldBe("https");
        tags["network.protocol.version"].ShouldBe("1.1");
        tags.ShouldNotContainKey("error.type");
        tags.ShouldNotContainKey("url.full");
    }

    [Test]
    public async Task RequestDuration_ServerError_ErrorTypeIsTheStatus()
    {
        using var metrics = new Measurements("m2.test");
        using var client = Echo.MockClient(_ => new Response(503));

        await client.PostAsync("https://m2.test/jobs", Body.Text("x"));

        var tags = metrics.Of("http.client.request.duration").Single().Tags;
        tags["http.request.method"].ShouldBe("POST");
        tags["http.response.status_code"].ShouldBe(503);
        tags["error.type"].ShouldBe("503");
    }

    [Test]
    public async Task RequestDuration_Failure_ErrorTypeIsCouriersExceptionName()
    {
        using var metrics = new Measurements("m3.test");
        using var client = Echo.MockClient(
            r => new Response(302, headers: new() { { "Location", "/loop" } }),
            new ClientOptions { FollowRedirects = true, MaxRedirects = 2 });

        await Should.ThrowAsync<TooManyRedirectsException>(() => client.GetAsync("https://m3.test/loop"));

        var tags = metrics.Of("http.client.request.duration").Single().Tags;
        tags["error.type"].ShouldBe("TooManyRedirectsException");
        tags.ShouldNotContainKey("http.response.status_code");
    }

    [Test]
    public async Task RequestDuration_CustomMethod_IsOther()
    {
        using var metrics = new Measurements("m4.test");
        using var client = Echo.MockClient(_ => new Response(200));

        await client.RequestAsync("PURGE", "https://m4.test/cache");

        metrics.Of("http.client.request.duration").Single().Tags["http.request.method"].ShouldBe("_OTHER");
    }

    [Test]
    public async Task ActiveRequests_GoesUpDuringTheRequestAndBackDown()
    {
        using var metrics = new Measurements("m5.test");
        double? inFlight = null;
        using var client = Echo.MockClient(_ =>
        {
            inFlight = metrics.Of("http.client.active_requests").Sum(m => m.Value);
            return new Response(200);
        });

        await client.GetAsync("https://m5.test/");

        inFlight.ShouldBe(1);
        metrics.Of("http.client.active_requests").Sum(m => m.Value).ShouldBe(0);
    }
}
