using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Courier.Mocking;
using RichardSzalay.MockHttp;

namespace Courier.Benchmarks;

/// <summary>
/// N routes, the request matches the last one added, every mock under a plain HttpClient: Courier's MockTransport
/// (indexed routes, compiled matchers) against RichardSzalay.MockHttp 6.0 (tries every route in turn) and a trivial
/// handler returning a fixed response (the floor for any in-process mock; it has no routes, so its cost is flat).
/// Targets: MockTransport at least 10x MockHttp's rate at 100 routes; at 1 route at least 0.5x the trivial handler's.
/// dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*MockRoutes*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class MockRoutesBenchmarks
{
    private const string Json = """{"id":99,"name":"last"}""";
    private HttpClient _courier = null!;
    private HttpClient _mockHttp = null!;
    private HttpClient _trivial = null!;
    private Uri _url = null!;

    /// <summary>Routes registered; the request matches the last.</summary>
    [Params(1, 10, 100, 1000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var courier = new MockTransport();
        var mockHttp = new MockHttpMessageHandler();
        for (var i = 0; i < Routes; i++)
        {
            courier.Get($"http://api.test/items/{i}").Respond(MockResponse.RawJson(Json));
            mockHttp.When(HttpMethod.Get, $"http://api.test/items/{i}").Respond("application/json", Json);
        }

        _url = new Uri($"http://api.test/items/{Routes - 1}");
        _courier = new HttpClient(courier);
        _mockHttp = new HttpClient(mockHttp);
        _trivial = new HttpClient(new FixedResponseHandler(Encoding.UTF8.GetBytes(Json)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _courier.Dispose();
        _mockHttp.Dispose();
        _trivial.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Trivial handler")]
    public Task<int> Trivial() => SendAsync(_trivial);

    [Benchmark(Description = "MockHttp")]
    public Task<int> MockHttp() => SendAsync(_mockHttp);

    [Benchmark(Description = "MockTransport")]
    public Task<int> Courier() => SendAsync(_courier);

    private async Task<int> SendAsync(HttpClient client)
    {
        using var response = await client.GetAsync(_url);
        return response.StatusCode == HttpStatusCode.OK ? 200 : throw new InvalidOperationException($"{response.StatusCode} for {_url}");
    }

    private sealed class FixedResponseHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
