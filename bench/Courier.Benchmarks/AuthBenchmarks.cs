using BenchmarkDotNet.Attributes;
using Courier;
using Courier.Mocking;

namespace Courier.Benchmarks;

/// <summary>
/// The per-request cost of each auth kind over an in-process MockTransport (no network): Basic adds a header; Digest,
/// once it remembers the challenge, computes HA1/HA2/response per request (one round trip, like httpx).
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private const string Challenge = "Digest realm=\"bench\", nonce=\"0123456789abcdef\", qop=\"auth\", opaque=\"xyz\", algorithm=";
    private Client _none = null!;
    private Client _basic = null!;
    private Client _digestMd5 = null!;
    private Client _digestSha256 = null!;
    private Client _digestSha512256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _none = Create(null, "MD5");
        _basic = Create(new BasicAuth("alice", "secret"), "MD5");
        _digestMd5 = Create(new DigestAuth("alice", "secret"), "MD5");
        _digestSha256 = Create(new DigestAuth("alice", "secret"), "SHA-256");
        _digestSha512256 = Create(new DigestAuth("alice", "secret"), "SHA-512-256");
        foreach (var client in new[] { _digestMd5, _digestSha256, _digestSha512256 })
        {
            client.Get("http://bench.test/warm").EnsureSuccess(); // remembers the challenge
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var client in new[] { _none, _basic, _digestMd5, _digestSha256, _digestSha512256 })
        {
            client.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<Response> NoAuth() => _none.GetAsync("http://bench.test/r");

    [Benchmark]
    public Task<Response> Basic() => _basic.GetAsync("http://bench.test/r");

    [Benchmark]
    public Task<Response> DigestMd5Preemptive() => _digestMd5.GetAsync("http://bench.test/r");

    [Benchmark]
    public Task<Response> DigestSha256Preemptive() => _digestSha256.GetAsync("http://bench.test/r");

    [Benchmark]
    public Task<Response> DigestSha512t256Preemptive() => _digestSha512256.GetAsync("http://bench.test/r");

    private static Client Create(Auth? auth, string algorithm) => new(new ClientOptions
    {
        Auth = auth,
        Transport = new MockTransport(request => request.Headers.Contains("Authorization") || auth is null or BasicAuth
            ? new Response(200)
            : new Response(401, headers: new Headers { { "WWW-Authenticate", Challenge + algorithm } })),
    });
}
