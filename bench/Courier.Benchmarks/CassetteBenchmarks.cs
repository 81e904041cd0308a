using BenchmarkDotNet.Attributes;
using Courier.Recorder;
using YamlDotNet.RepresentationModel;

namespace Courier.Benchmarks;

/// <summary>
/// Loading a vcrpy cassette of 10, 1,000 and 10,000 interactions with 1 KB bodies. Baseline: YamlDotNet's own
/// RepresentationModel (a full node tree with no safety checks and no conversion). Compare with vcrpy loading the same
/// files: <c>/usr/bin/python3 bench/Courier.Benchmarks/cassette_load_vcrpy.py DIR</c> (see that script). The files are
/// written to $COURIER_BENCH_CASSETTES (default: the temp folder's courier-bench-cassettes) and kept for vcrpy.
/// </summary>
[MemoryDiagnoser]
public class CassetteLoadBenchmark
{
    private string _path = null!;

    /// <summary>Interactions in the cassette.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Interactions { get; set; }

    /// <summary>10, 1,000 and 10,000 (without the 10,000 when COURIER_BENCH_QUICK=1).</summary>
    public static IEnumerable<int> Sizes => CassetteFiles.Sizes;

    [GlobalSetup]
    public void Setup()
    {
        // Kept after the run so vcrpy can load the very same file (see cassette_load_vcrpy.py).
        Directory.CreateDirectory(CassetteFiles.Directory);
        _path = CassetteFiles.Write(Interactions, Path.Combine(CassetteFiles.Directory, $"cassette-{Interactions}.yaml"));
    }

    [Benchmark(Baseline = true)]
    public int YamlDotNetRepresentationModel()
    {
        using var reader = File.OpenText(_path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Count;
    }

    [Benchmark]
    public int CourierCassetteLoad() => Cassette.Load(_path, new CassetteLoadOptions())!.Interactions.Count;
}

/// <summary>Replay lookup: the last recorded request of a cassette of N interactions, with repeats allowed.</summary>
[MemoryDiagnoser]
public class CassetteReplayLookupBenchmark
{
    private HttpClient _client = null!;
    private string _last = null!;

    /// <summary>Interactions in the cassette.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Interactions { get; set; }

    /// <summary>10, 1,000 and 10,000 (without the 10,000 when COURIER_BENCH_QUICK=1).</summary>
    public static IEnumerable<int> Sizes => CassetteFiles.Sizes;

    [GlobalSetup]
    public void Setup()
    {
        var cassette = new Cassette(CassetteFiles.Make(Interactions));
        _last = cassette.Interactions[^1].Request.Uri;
        var recorder = new Recorder.Recorder(cassette, new NoNetworkHandler(), new RecorderOptions
        {
            Mode = RecordMode.None,
            AllowPlaybackRepeats = true,
            Environment = _ => null,
        });
        _client = new HttpClient(recorder);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark]
    public async Task<int> ReplayLastInteraction()
    {
        using var response = await _client.GetAsync(_last);
        return (int)response.StatusCode;
    }

    private sealed class NoNetworkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("replay only");
    }
}

/// <summary>Builds the benchmark cassettes: GET requests to distinct paths, 1 KB text bodies.</summary>
internal static class CassetteFiles
{
    public static int[] Sizes => Environment.GetEnvironmentVariable("COURIER_BENCH_QUICK") == "1" ? [10, 1_000] : [10, 1_000, 10_000];

    public static string Directory => Environment.GetEnvironmentVariable("COURIER_BENCH_CASSETTES") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Path.GetTempPath(), "courier-bench-cassettes");

    public static List<Interaction> Make(int count)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"k\": \"0123456789abcdef\"}\n", 40))[..1024]);
        return [.. Enumerable.Range(0, count).Select(i => new Interaction(
            new RecordedRequest
            {
                Method = "GET",
                Uri = $"http://127.0.0.1:5000/items/{i}?page={i % 7}",
                Headers = new([new("Accept", ["application/json"]), new("User-Agent", ["bench"])]),
            },
            new RecordedResponse
            {
                StatusCode = 200,
                ReasonPhrase = "OK",
                Headers = new([new("Content-Type", ["application/json"]), new("Content-Length", ["1024"])]),
                Body = body,
            }))];
    }

    public static string Write(int count, string path)
    {
        File.WriteAllText(path, new Cassette(Make(count)).ToYaml());
        return path;
    }
}
