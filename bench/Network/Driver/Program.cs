using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Courier;
using Courier.Bench.Driver;

// Loopback network benchmark: Courier vs a plain HttpClient over SocketsHttpHandler, alternating, in one run,
// against bench/Network/Server in its own process; then python3-httpx on the same workloads (the seed figure).
//   dotnet run -c Release --project bench/Network/Driver            (20,000 requests per workload, 1 GiB transfers)
//   dotnet run -c Release --project bench/Network/Driver -- --quick (2,000 requests, 128 MiB transfers)
// Request workloads interleave the two clients in ten slices; transfers alternate which goes first per round.
// Options: --rounds N (default 2; the best round of each contender counts), --no-python, --only <workload text>.
// Diagnostics: COURIER_BENCH_TRANSPORT_ONLY=1 measures a plain HttpClient over HttpTransport (the transport's cost alone);
// COURIER_BENCH_RAW_TRANSPORT=1 runs Courier's client over a bare SocketsHttpHandler (client cost without HttpTransport).
// COURIER_BENCH_NO_TIMEOUTS=1 gives Courier infinite timeouts (the read/write timer never armed).
var quick = args.Contains("--quick");
var python = !args.Contains("--no-python");
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(2);
var requests = quick ? 2_000 : 20_000;
var transfer = quick ? 128L << 20 : 1L << 30;
var chaos = quick ? 1_000 : 10_000;
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var inv = CultureInfo.InvariantCulture;

using var server = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Courier.Bench.Server.dll")])
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    UseShellExecute = false,
})!;
try
{
    var ready = (await server.StandardOutput.ReadLineAsync())?.Split(' ') ?? throw new InvalidOperationException("The server did not start.");
    var http1 = new Uri(ready[1]);
    var h2c = new Uri(ready[2]);
    Console.WriteLine($"# bench/Network ({(quick ? "quick" : "full")}): {requests:N0} requests per workload, {transfer >> 20} MiB transfers, best of {rounds} alternating rounds");
    Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, server {http1} (HTTP/1.1), {h2c} (h2c)");

    var results = new Dictionary<(string Workload, string Contender), double>();
    var memory = new Dictionary<(string Workload, string Contender), double>();

    async Task Measure(string workload, Func<IContender> create, Func<IContender, Task<double>> body)
    {
        if (only is not null && !workload.Contains(only, StringComparison.Ordinal))
        {
            return;
        }

        using var contender = create();
        using var heap = new HeapSampler();
        var value = await body(contender);
        var key = (workload, contender.Name);
        results[key] = Math.Max(results.GetValueOrDefault(key), value);
        memory[key] = Math.Max(memory.GetValueOrDefault(key), heap.PeakGrowthMb);
    }

    async Task Requests(string workload, Uri url, bool h2, int concurrency)
    {
        if (only is not null && !workload.Contains(only, StringComparison.Ordinal))
        {
            return;
        }

        for (var round = 0; round < rounds; round++)
        {
            // Diagnostics: COURIER_BENCH_TRANSPORT_ONLY=1 puts a plain HttpClient over HttpTransport in Courier's column.
            using IContender courier = Environment.GetEnvironmentVariable("COURIER_BENCH_TRANSPORT_ONLY") == "1"
                ? new PlainContender(url, h2, new HttpTransport(new ClientOptions { Http1 = !h2, Http2 = h2, TrustEnv = false }))
                : new CourierContender(url, h2);
            using var plain = new PlainContender(url, h2);
            using var heap = new HeapSampler();
            var (c, p) = await Run.InterleavedAsync(requests, concurrency, () => courier.GetSmallAsync(), () => plain.GetSmallAsync());
            results[(workload, "Courier")] = Math.Max(results.GetValueOrDefault((workload, "Courier")), c);
            results[(workload, "HttpClient")] = Math.Max(results.GetValueOrDefault((workload, "HttpClient")), p);
            memory[(workload, "Courier")] = memory[(workload, "HttpClient")] = double.NaN; // both ran in the same window
        }
    }

    await Requests("GET c=1 (HTTP/1.1) rps", http1, false, 1);
    await Requests("GET c=64 (HTTP/1.1) rps", http1, false, 64);
    await Requests("GET h2c, 100 streams, 1 connection, rps", h2c, true, 100);
    for (var round = 0; round < rounds; round++)
    {
        Func<Uri, bool, IContender>[] order = round % 2 == 0
            ? [(u, h) => new CourierContender(u, h), (u, h) => new PlainContender(u, h)]
            : [(u, h) => new PlainContender(u, h), (u, h) => new CourierContender(u, h)];
        foreach (var make in order)
        {
            await Measure($"download {transfer >> 20} MiB, MB/s", () => make(http1, false), async c =>
            {
                var watch = Stopwatch.StartNew();
                var total = await c.DownloadAsync(transfer);
                return total != transfer ? throw new InvalidOperationException("short download") : total / 1048576.0 / watch.Elapsed.TotalSeconds;
            });
            await Measure($"upload {transfer >> 20} MiB, MB/s", () => make(http1, false), async c =>
            {
                var watch = Stopwatch.StartNew();
                var total = await c.UploadAsync(transfer);
                return total != transfer ? throw new InvalidOperationException("short upload") : total / 1048576.0 / watch.Elapsed.TotalSeconds;
            });
        }
    }

    Console.WriteLine();
    Console.WriteLine("| workload | Courier | HttpClient | ratio | Courier heap peak MB | HttpClient heap peak MB |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (var workload in results.Keys.Select(k => k.Workload).Distinct())
    {
        var courier = results[(workload, "Courier")];
        var plain = results[(workload, "HttpClient")];
        Console.WriteLine(string.Format(inv, "| {0} | {1:N0} | {2:N0} | {3:0.00} | {4} | {5} |", workload, courier, plain, courier / plain, Mb(memory[(workload, "Courier")]), Mb(memory[(workload, "HttpClient")])));
    }

    if (only is not null)
    {
        return;
    }

    static string Mb(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture);

    // Leak check: streamed GETs disposed half-read or cancelled mid-body never leave connections behind.
    using (var client = new Client(new ClientOptions { BaseUrl = http1, TrustEnv = false }))
    using (var contender = new CourierContender(http1, false, maxConnections: 8))
    {
        var random = new Random(7);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            Random local;
            lock (random)
            {
                local = new Random(random.Next());
            }

            while (Interlocked.Increment(ref next) < chaos)
            {
                await contender.ChaosAsync(local);
            }
        })));
        var open = (await client.GetAsync("/open")).Text;
        Console.WriteLine();
        Console.WriteLine($"leak check: {chaos:N0} streamed GETs (16 workers, random half-read disposal / mid-body cancel) in {watch.Elapsed.TotalSeconds:0.0} s; server open connections afterwards: {open} (Limits.MaxConnections 8)");
    }

    if (python && File.Exists("/usr/bin/python3"))
    {
        var script = Path.Combine(AppContext.BaseDirectory, "httpx_bench.py");
        using var py = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, http1.ToString().TrimEnd('/'), h2c.ToString().TrimEnd('/'), requests.ToString(inv), transfer.ToString(inv)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = await py.StandardOutput.ReadToEndAsync();
        await py.WaitForExitAsync();
        if (py.ExitCode == 0)
        {
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            string Fig(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? "n/a (python3-h2 not installed)" : root.GetProperty(name).GetDouble().ToString("N0", inv);
            string Lead(string name, string workload) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? "-" : string.Format(inv, "{0:0.0}x / {1:0.0}x", results[(workload, "Courier")] / root.GetProperty(name).GetDouble(), results[(workload, "HttpClient")] / root.GetProperty(name).GetDouble());
            Console.WriteLine();
            Console.WriteLine($"| python3-httpx {root.GetProperty("httpx").GetString()} | value | Courier / HttpClient lead |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| GET c=1 rps | {Fig("c1")} | {Lead("c1", "GET c=1 (HTTP/1.1) rps")} |");
            Console.WriteLine($"| GET c=64 rps | {Fig("c64")} | {Lead("c64", "GET c=64 (HTTP/1.1) rps")} |");
            Console.WriteLine($"| GET h2c 100 streams rps | {Fig("h2c")} | {Lead("h2c", "GET h2c, 100 streams, 1 connection, rps")} |");
            Console.WriteLine($"| download MB/s | {Fig("download_mbps")} | {Lead("download_mbps", $"download {transfer >> 20} MiB, MB/s")} |");
        }
        else
        {
            Console.WriteLine($"python3-httpx run failed (exit {py.ExitCode}); is Debian's python3-httpx installed?");
        }
    }
}
finally
{
    server.StandardInput.Close();
    if (!server.WaitForExit(10_000))
    {
        server.Kill();
    }
}
