using System.Diagnostics;
using System.Globalization;
using Courier;
using Courier.Bench.Driver;

// Loopback network benchmark: Courier vs a plain HttpClient over SocketsHttpHandler (the .NET limit) vs python3-httpx
// (sync and async, the seed figure), against bench/Network/Server in its own process. bench/run.sh runs it; by hand:
//   dotnet build -c Release bench/Network/Driver && dotnet bench/Network/Driver/bin/Release/net10.0/Courier.Bench.Driver.dll
// Full: 20,000 GETs per workload (python: 3,000), 1 GiB download, 256 MiB upload. --quick: 1,000 GETs (python 200), 32/16 MiB.
// Transfers first move 16 MiB unmeasured (warm-up), in ten Courier/HttpClient pairs a round (--quick: one). Every workload runs --rounds N times (default 3); each round runs the contenders one after the other, the order
// rotating per round (A B C, B C A, …); request workloads run --get-rounds rounds (default 3 × --rounds; --quick:
// --rounds), python only in the first --rounds of them, and interleave Courier, HttpClient and HttpClient_SameRequest
// (the plain client given Courier's three default headers: context for the page, not a target) in slices of 250 GETs
// (c = 1), 500 (c = 64) or 2,000 (h2c).
// Options: --rounds N, --get-rounds N, --json FILE (all rounds of every contender), --no-python, --only <workload id>,
//   --max-seconds S (hard cap on the whole run, default 900), --python-requests N, --python-rounds N (--quick: 1).
// --rss-child <Courier|HttpClient> <http1> <h2c> <download> <upload> <requests>: runs one contender alone and prints its
// peak resident set (VmHWM); the parent runs it for each contender in turn (peak memory of the client).
// Diagnostics: COURIER_BENCH_TRANSPORT_ONLY=1 measures a plain HttpClient over HttpTransport in Courier's column;
// COURIER_BENCH_RAW_TRANSPORT=1 runs Courier's client over a bare SocketsHttpHandler; COURIER_BENCH_NO_TIMEOUTS=1
// gives Courier infinite timeouts (the read/write timer never armed); COURIER_BENCH_SAME_HEADERS=1 gives the plain client
// Courier's three default request headers (User-Agent, Accept, Accept-Encoding) in its own column too.
var inv = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "--rss-child")
{
    return await Memory.ChildAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "--solo")
{
    // --solo <Courier|HttpClient> <c1|c64|h2c|download|upload> <url> <count or bytes>: one contender alone against a
    // server started by hand (bench/Network/Server), for `perf stat` (instructions do not swing with the machine's load).
    var (soloName, soloWork, soloUrl, soloCount) = (args[1], args[2], new Uri(args[3]), long.Parse(args[4], inv));
    using IContender solo = soloName == "Courier" ? new CourierContender(soloUrl, soloWork == "h2c") : new PlainContender(soloUrl, soloWork == "h2c");
    var soloWatch = Stopwatch.StartNew();
    var soloCpu = Process.GetCurrentProcess().TotalProcessorTime;
    if (soloWork == "download")
    {
        await solo.DownloadAsync(soloCount);
    }
    else if (soloWork == "upload")
    {
        await solo.UploadAsync(soloCount);
    }
    else
    {
        var soloNext = -1L;
        await Task.WhenAll(Enumerable.Range(0, soloWork == "c1" ? 1 : soloWork == "c64" ? 64 : 100).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref soloNext) < soloCount)
            {
                await solo.GetSmallAsync();
            }
        })));
    }

    Console.WriteLine($"{soloName} {soloWork} {soloCount}: {soloWatch.Elapsed.TotalMilliseconds:N0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - soloCpu).TotalMilliseconds:N0} ms, allocated {GC.GetTotalAllocatedBytes(false) / 1048576.0:N1} MB");
    return 0;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var quick = args.Contains("--quick");
var python = !args.Contains("--no-python") && File.Exists("/usr/bin/python3");
var rounds = int.Parse(Option("--rounds") ?? "3", inv);
// The GET workloads' rounds: three times --rounds in the full run (each round is 20,000 GETs per client, in slices run
// side by side); their ratios need the pairs (see Run.InterleavedAsync).
var getRounds = int.Parse(Option("--get-rounds") ?? (quick ? rounds : 3 * rounds).ToString(inv), inv);
var requests = quick ? 1_000 : 20_000;
var pythonRequests = int.Parse(Option("--python-requests") ?? (quick ? "200" : "3000"), inv);
var download = quick ? 32L << 20 : 1L << 30;
var upload = quick ? 16L << 20 : 256L << 20;
var transferPairs = quick ? 1 : 10;
var chaos = quick ? 300 : 10_000;
var pythonRounds = int.Parse(Option("--python-rounds") ?? (quick ? "1" : "1000"), inv);
var only = Option("--only");
var jsonPath = Option("--json");
var maxSeconds = int.Parse(Option("--max-seconds") ?? "900", inv);

// The hard time cap: the server is a child reading stdin, so it ends with us.
_ = Task.Delay(TimeSpan.FromSeconds(maxSeconds)).ContinueWith(_ =>
{
    Console.Error.WriteLine($"bench/Network: time cap of {maxSeconds} s reached; stopping.");
    Environment.Exit(3);
}, TaskScheduler.Default);

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
    Console.WriteLine($"# bench/Network ({(quick ? "quick" : "full")}): {requests:N0} GETs per workload (python {pythonRequests:N0}), {download >> 20} MiB download, {upload >> 20} MiB upload, {rounds} rounds ({getRounds} for the GETs), medians");
    Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, server {http1} (HTTP/1.1), {h2c} (h2c)");

    var results = new Results(requests, pythonRequests, download, upload, rounds, getRounds);
    var py = python ? new PythonPeer(Path.Combine(AppContext.BaseDirectory, "httpx_bench.py"), http1, h2c, quick ? 60 : 180) : null;
    if (py is null)
    {
        results.Notes.Add("python3-httpx not run (--no-python or /usr/bin/python3 missing).");
    }
    else if (!await py.HasH2Async())
    {
        results.Notes.Add("httpx over h2c not measured: Debian's python3-h2 is not installed.");
    }

    bool Wanted(string id) => only is null || id.Contains(only, StringComparison.Ordinal);

    async Task Python(string id, string mode, string workload, int count, long size)
    {
        if (py is null || (id == "get_h2c" && (!py.H2 || mode == "sync")) || results.Count(id, $"httpx {mode}") >= pythonRounds)
        {
            return;
        }

        var value = await py.RunAsync(mode, workload, count, size);
        if (value is { } v)
        {
            results.Add(id, $"httpx {mode}", v);
        }
        else
        {
            results.Notes.Add($"httpx {mode} {workload} failed or hit its time cap in one round.");
        }
    }

    async Task Requests(string id, string title, Uri url, bool h2, int concurrency)
    {
        if (!Wanted(id))
        {
            return;
        }

        results.Define(id, title, "req/s");
        for (var round = 0; round < getRounds; round++)
        {
            // Slices of 250 GETs at c = 1 and 500 at c = 64 (the pairs' spread is the same at 250 to 8,000: more pairs
            // narrow the median), 2,000 over h2c (there the spread halved from 500 to 2,000: 100 callers making five
            // GETs each spend much of a slice starting and stopping). Session 11, bench/notes/client-overhead.md.
            var perSlice = concurrency == 1 ? 250 : h2 ? 2000 : 500;
            var warmUp = TimeSpan.FromSeconds(round == 0 ? 1.5 : 0.5);
            var steps = new List<Func<Task>>
            {
                async () =>
                {
                    using IContender courier = Environment.GetEnvironmentVariable("COURIER_BENCH_TRANSPORT_ONLY") == "1"
                        ? new PlainContender(url, h2, new HttpTransport(new ClientOptions { Http1 = !h2, Http2 = h2, TrustEnv = false }))
                        : new CourierContender(url, h2);
                    using var plain = new PlainContender(url, h2);
                    // Context, not a target: HttpClient sending the request Courier sends (its three default headers).
                    using var same = new PlainContender(url, h2, sameRequest: true);
                    // One value per slice: the report pairs slice i of each (run side by side) for its median ratio.
                    var rates = await Run.InterleavedAsync(requests, concurrency, perSlice, warmUp, () => courier.GetSmallAsync(), () => plain.GetSmallAsync(), () => same.GetSmallAsync());
                    rates[0].ForEach(v => results.Add(id, "Courier", v));
                    rates[1].ForEach(v => results.Add(id, "HttpClient", v));
                    rates[2].ForEach(v => results.Add(id, same.Name, v));
                },
            };
            if (round < rounds)
            {
                // Python's rounds: --rounds (its rate needs no more pairs: the lead it is held to is wide).
                steps.Add(() => Python(id, "sync", id, pythonRequests, 0));
                steps.Add(() => Python(id, "async", id, pythonRequests, 0));
            }

            foreach (var step in Rotate(steps, round))
            {
                await step();
            }
        }
    }

    async Task Transfer(string id, string title, long size, Func<IContender, long, Task<long>> body)
    {
        if (!Wanted(id))
        {
            return;
        }

        results.Define(id, title, "MB/s");
        var contenders = new Func<IContender>[] { () => new CourierContender(http1, false), () => new PlainContender(http1, false) };

        async Task Measure(Func<IContender> make)
        {
            using var contender = make();

            // Unmeasured warm-up (JIT, the connection), as the request workloads have: 16 MiB, or the whole size if smaller.
            var warm = Math.Min(size, 16L << 20);
            if (await body(contender, warm) != warm)
            {
                throw new InvalidOperationException($"{id}: {contender.Name} warm-up moved the wrong number of bytes");
            }

            using var heap = new HeapSampler();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(false);
            var watch = Stopwatch.StartNew();
            var total = await body(contender, size);
            Console.Error.WriteLine($"  {id} {contender.Name}: CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:N0} ms, allocated {(GC.GetTotalAllocatedBytes(false) - allocated) / 1048576.0:N1} MB");
            var rate = total != size ? throw new InvalidOperationException($"{id}: {contender.Name} moved {total} of {size} bytes") : size / 1048576.0 / watch.Elapsed.TotalSeconds;
            results.Add(id, contender.Name, rate);
            results.Add($"{id}_heap", contender.Name, heap.PeakGrowthMb);
        }

        for (var round = 0; round < rounds; round++)
        {
            // Courier and HttpClient in side-by-side pairs (ten a round in the full run, each pair in turn A B and B A):
            // one transfer each per round swung ±20% between runs of the same build, and nine pairs left the median's
            // 95% interval about ±30% wide (session 11).
            var steps = new List<Func<Task>>
            {
                async () =>
                {
                    for (var pair = 0; pair < transferPairs; pair++)
                    {
                        var first = (round + pair) % 2;
                        await Measure(contenders[first]);
                        await Measure(contenders[1 - first]);
                    }
                },
            };

            steps.Add(() => Python(id, "sync", id, 0, size));
            steps.Add(() => Python(id, "async", id, 0, size));
            foreach (var step in Rotate(steps, round))
            {
                await step();
            }
        }

        results.Define($"{id}_heap", $"{title}: managed heap peak growth", "MB", higherIsBetter: false);
    }

    await Requests("get_c1", $"{requests:N0} small GETs, concurrency 1, HTTP/1.1", http1, false, 1);
    await Requests("get_c64", $"{requests:N0} small GETs, concurrency 64, HTTP/1.1", http1, false, 64);
    await Requests("get_h2c", $"{requests:N0} small GETs, h2c, 100 streams on 1 connection", h2c, true, 100);
    await Transfer("download", $"{download >> 20} MiB streamed download", download, (c, n) => c.DownloadAsync(n));
    await Transfer("upload", $"{upload >> 20} MiB streamed upload", upload, (c, n) => c.UploadAsync(n));

    if (Wanted("rss"))
    {
        // Peak resident memory of a whole process doing the transfers and c=64 GETs with one client only.
        results.Define("rss_peak", $"peak RSS of a process doing the download, the upload and {requests / 4:N0} GETs at c=64", "MB", higherIsBetter: false);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var name in Rotate(new List<string> { "Courier", "HttpClient" }, round))
            {
                results.Add("rss_peak", name, await Memory.RunChildAsync(name, http1, h2c, download, upload, requests / 4));
            }
        }
    }

    if (Wanted("leak"))
    {
        results.LeakCheck = await LeakCheck.RunAsync(http1, chaos);
        Console.WriteLine($"leak check: {chaos:N0} streamed GETs, random half-read disposal / mid-body cancel: {results.LeakCheck} connections left open (MaxConnections 8)");
    }

    Console.WriteLine();
    results.PrintTable();
    if (jsonPath is not null)
    {
        await results.WriteJsonAsync(jsonPath);
        Console.WriteLine($"wrote {jsonPath}");
    }

    return 0;
}
finally
{
    server.StandardInput.Close();
    if (!server.WaitForExit(10_000))
    {
        server.Kill();
    }
}

// Round r starts with the r-th contender: A B C, B C A, C A B, …
static IEnumerable<T> Rotate<T>(List<T> items, int round) => items.Skip(round % items.Count).Concat(items.Take(round % items.Count));
