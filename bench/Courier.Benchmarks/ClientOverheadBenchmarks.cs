using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;

namespace Courier.Benchmarks;

/// <summary>
/// The client's own cost per request: <see cref="Client.GetAsync"/> plus reading the body, against a plain
/// <see cref="HttpClient"/> doing the same over the same canned in-memory handler (no network, no parsing).
/// Target: at most 1.3× the time and +1 KB allocated per request.
/// Run: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*ClientOverhead*' --job short
/// </summary>
public class ClientOverheadBenchmarks : HandlerOverheadBenchmarks
{
    public ClientOverheadBenchmarks()
        : base("http://bench.local/items/1")
    {
    }

    protected override HttpMessageHandler CreateHandler() => new CannedHandler();

    /// <summary>Answers every request with the same small JSON body, from memory.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly byte[] Body = "{\"id\":1,\"name\":\"courier\",\"tags\":[\"a\",\"b\"]}"u8.ToArray();
        private static readonly MediaTypeHeaderValue Json = new("application/json");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Body);
            content.Headers.ContentType = Json;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}

/// <summary>
/// <see cref="Client.GetAsync"/> plus reading the body against a plain <see cref="HttpClient"/> doing the same, both over
/// one handler a subclass makes: what the client adds to that transport.
/// </summary>
[MemoryDiagnoser]
public abstract class HandlerOverheadBenchmarks(string url)
{
    private HttpClient _httpClient = null!;
    private Client _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = CreateHandler();
        _httpClient = new HttpClient(handler, disposeHandler: false);
        _client = new Client(new ClientOptions { Transport = handler });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _httpClient.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HttpClient_GetAsync_ReadBytes()
    {
        using var response = await _httpClient.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    [Benchmark]
    public async Task<int> Client_GetAsync_Content()
    {
        var response = await _client.GetAsync(url);
        return response.Content.Length;
    }

    protected abstract HttpMessageHandler CreateHandler();
}
