using BenchmarkDotNet.Attributes;
using Courier.Mocking;
using RichardSzalay.MockHttp;

namespace Courier.Benchmarks;

/// <summary>
/// 100 routes, the request matches the last one, both mocks under a plain HttpClient: Courier's MockTransport
/// (indexed routes, compiled matchers) against RichardSzalay.MockHttp 6.0 (tries every route in turn).
/// dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*MockTransportBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MockTransportBenchmarks
{
    private const int RouteCount = 100;
    private const string Json = """{"id":99,"name":"last"}""";
    private HttpClient _courier = null!;
    private HttpClient _mockHttp = null!;
    private readonly Uri _url = new($"http://api.test/items/{RouteCount - 1}");

    [GlobalSetup]
    public void Setup()
    {
        var courier = new MockTransport();
        var mockHttp = new MockHttpMessageHandler();
        for (var i = 0; i < RouteCount; i++)
        {
            courier.Get($"http://api.test/items/{i}").Respond(MockResponse.RawJson(Json));
            mockHttp.When(HttpMethod.Get, $"http://api.test/items/{i}").Respond("application/json", Json);
        }

        _courier = new HttpClient(courier);
        _mockHttp = new HttpClient(mockHttp);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _courier.Dispose();
        _mockHttp.Dispose();
    }

    [Benchmark(Baseline = true, Description = "MockHttp 6.0, 100 routes")]
    public async Task<int> MockHttp()
    {
        using var response = await _mockHttp.GetAsync(_url);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "Courier MockTransport, 100 routes")]
    public async Task<int> Courier()
    {
        using var response = await _courier.GetAsync(_url);
        return (int)response.StatusCode;
    }
}
