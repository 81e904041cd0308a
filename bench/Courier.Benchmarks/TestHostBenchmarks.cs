using BenchmarkDotNet.Attributes;
using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.Benchmarks;

/// <summary>
/// 10,000 GETs into an in-process app: Courier's client over <see cref="TestServerTransport"/> against TestServer's own
/// <see cref="HttpClient"/> as it comes (the baseline). Target: at most 1.1× the baseline's time.
/// Courier sends httpx's default headers (User-Agent, Accept, Accept-Encoding), which TestServer's client does not: so
/// <see cref="TestServerHttpClient_SameRequest"/> is TestServer's client sending the same request (context, not the
/// baseline: TestServer's client pays far more for the headers than the app does). The last row is the floor no
/// handler can go under: TestServer's own <c>SendAsync(HttpContext)</c> with the body read straight off its stream.
/// Run: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*TestHost*' --job short --iterationCount 15 --inProcess
/// (notes: bench/notes/testhost-overhead.md)
/// </summary>
[MemoryDiagnoser]
public class TestHostBenchmarks
{
    internal const int Requests = 10_000;
    private WebApplication _app = null!;
    private HttpClient _httpClient = null!;
    private HttpClient _sameRequestClient = null!;
    private TestServerTransport _transport = null!;
    private Client _client = null!;
    private Client _sameRequestCourier = null!;
    private HttpClient _httpOverTransport = null!;
    private TestServer _server = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapGet("/hello", () => Results.Text("hello, world"));
        await _app.StartAsync();
        var server = _server = _app.GetTestServer();
        _httpClient = server.CreateClient();
        _sameRequestClient = WithCourierDefaults(server.CreateClient());
        _transport = new TestServerTransport(server);
        _client = new Client(new ClientOptions { Transport = _transport, BaseUrl = new Uri("http://localhost/") });
        _sameRequestCourier = WithoutCourierDefaults(new Client(new ClientOptions { Transport = _transport, BaseUrl = new Uri("http://localhost/") }));
        _httpOverTransport = new HttpClient(new TestServerTransport(server), disposeHandler: true) { BaseAddress = new Uri("http://localhost/") };
    }

    /// <summary>The request headers Courier's client sends by default (httpx's), on a plain <see cref="HttpClient"/>.</summary>
    private static HttpClient WithCourierDefaults(HttpClient client)
    {
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Client.DefaultUserAgent);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "*/*");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        return client;
    }

    /// <summary>Courier's client without its three default headers: it sends what TestServer's client sends.</summary>
    private static Client WithoutCourierDefaults(Client client)
    {
        client.Headers.Remove("User-Agent");
        client.Headers.Remove("Accept");
        client.Headers.Remove("Accept-Encoding");
        return client;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        await _sameRequestCourier.DisposeAsync();
        _transport.Dispose();
        _httpClient.Dispose();
        _sameRequestClient.Dispose();
        _httpOverTransport.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>TestServer's own client as it comes: no User-Agent, Accept or Accept-Encoding (a lighter request).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public async Task<int> TestServerHttpClient()
    {
        var total = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await _httpClient.GetAsync(new Uri("/hello", UriKind.Relative));
            total += (await response.Content.ReadAsStringAsync()).Length;
        }

        return total;
    }

    /// <summary>TestServer's own client sending the same request as Courier's (its three default headers added).</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public async Task<int> TestServerHttpClient_SameRequest()
    {
        var total = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await _sameRequestClient.GetAsync(new Uri("/hello", UriKind.Relative));
            total += (await response.Content.ReadAsStringAsync()).Length;
        }

        return total;
    }

    /// <summary>The transport alone (Kestrel-like HEAD, Content-Length, cancellation, disposal tracking) under a plain HttpClient.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public async Task<int> HttpClientOverTestServerTransport()
    {
        var total = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await _httpOverTransport.GetAsync(new Uri("/hello", UriKind.Relative));
            total += (await response.Content.ReadAsStringAsync()).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public Task<int> CourierClientOverTestServerTransport() => GetAllAsync(_client);

    /// <summary>
    /// Courier's client sending the same request as TestServer's client as it comes (its default headers removed): the
    /// client and transport's own cost, with the app doing the same work for both.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public Task<int> CourierClient_SameRequest() => GetAllAsync(_sameRequestCourier);

    /// <summary>The Courier rows' loop: <see cref="Requests"/> GETs, each body read as text.</summary>
    private static async Task<int> GetAllAsync(Client client)
    {
        var total = 0;
        for (var i = 0; i < Requests; i++)
        {
            var response = await client.GetAsync("/hello");
            total += response.Text.Length;
        }

        return total;
    }

    /// <summary>The floor: TestServer's <c>SendAsync(HttpContext)</c> and a read of its body stream, no HTTP messages.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public async Task<int> TestServerSendAsyncFloor()
    {
        var total = 0;
        var buffer = new byte[256];
        for (var i = 0; i < Requests; i++)
        {
            var context = await _server.SendAsync(static c => c.Request.Path = "/hello");
            await using var body = context.Response.Body;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
        }

        return total;
    }
}
