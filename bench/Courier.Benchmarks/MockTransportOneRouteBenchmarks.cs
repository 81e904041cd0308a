using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Courier.Mocking;

namespace Courier.Benchmarks;

/// <summary>
/// One route against a trivial handler that returns a fixed response (the floor for any in-process mock), both
/// under a plain HttpClient.
/// dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*MockTransportOneRouteBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MockTransportOneRouteBenchmarks
{
    private const string Json = """{"id":1,"name":"one"}""";
    private HttpClient _courier = null!;
    private HttpClient _trivial = null!;
    private readonly Uri _url = new("http://api.test/items/1");

    [GlobalSetup]
    public void Setup()
    {
        var courier = new MockTransport();
        courier.Get("http://api.test/items/1").Respond(MockResponse.RawJson(Json));
        _courier = new HttpClient(courier);
        _trivial = new HttpClient(new FixedResponseHandler(Encoding.UTF8.GetBytes(Json)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _courier.Dispose();
        _trivial.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Trivial handler (fixed response)")]
    public async Task<int> Trivial()
    {
        using var response = await _trivial.GetAsync(_url);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "Courier MockTransport, 1 route")]
    public async Task<int> Courier()
    {
        using var response = await _courier.GetAsync(_url);
        return (int)response.StatusCode;
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
