using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Courier.Diagnostics;

namespace Courier.Benchmarks;

/// <summary>
/// What telemetry costs per request over a canned in-memory handler: nobody listening (the baseline: the client's
/// plain path), an ActivityListener plus a MeterListener on "Courier" (two spans and two measurements per request),
/// and a no-op <see cref="ClientObserver"/> (the hook the ILogger satellite uses).
/// Run: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*TelemetryBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private const string Url = "http://bench.local/items/1";
    private Client _quiet = null!;
    private Client _observed = null!;
    private ActivityListener? _spans;
    private MeterListener? _meters;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var handler = new CannedHandler();
        _quiet = new Client(new ClientOptions { Transport = handler });
        _observed = new Client(new ClientOptions { Transport = handler, Observer = new NoOpObserver() });
        if (Listening)
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = s => s.Name == CourierTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_spans);
            _meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == CourierTelemetry.Name) { l.EnableMeasurementEvents(i); } } };
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _meters.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _spans?.Dispose();
        _meters?.Dispose();
        _quiet.Dispose();
        _observed.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> GetAsync()
    {
        var response = await _quiet.GetAsync(Url);
        return response.Content.Length;
    }

    [Benchmark]
    public async Task<int> GetAsync_WithObserver()
    {
        var response = await _observed.GetAsync(Url);
        return response.Content.Length;
    }

    private sealed class NoOpObserver : ClientObserver
    {
    }

    private sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly byte[] Body = "{\"id\":1}"u8.ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Body), RequestMessage = request });
    }
}
