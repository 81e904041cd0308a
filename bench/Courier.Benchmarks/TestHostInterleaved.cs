using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Courier.Benchmarks;

/// <summary>
/// The TestServer target's measurement (issue 7): the cases of <see cref="TestHostBenchmarks"/>, each call 10,000 GETs
/// into the same in-process app, run in rounds in one process; every round runs each case once, in a new random
/// order. BenchmarkDotNet runs one case's iterations back to back, so a change in the machine's load between two cases
/// lands on one of them: on this 2-core VM its per-round ratios for the same build swung between 0.74× and 1.32×.
/// Here each round is a side-by-side pair, and the page takes the median of the per-round ratios.
/// Run: dotnet bench/Courier.Benchmarks/bin/Release/net10.0/Courier.Benchmarks.dll interleaved-testhost OUT.json [rounds]
/// </summary>
internal static class TestHostInterleaved
{
    public static async Task<int> RunAsync(string output, int rounds)
    {
        var bench = new TestHostBenchmarks();
        await bench.SetupAsync();
        try
        {
            var cases = new (string Name, Func<Task<int>> Run)[]
            {
                (nameof(TestHostBenchmarks.TestServerHttpClient), bench.TestServerHttpClient),
                (nameof(TestHostBenchmarks.TestServerHttpClient_SameRequest), bench.TestServerHttpClient_SameRequest),
                (nameof(TestHostBenchmarks.CourierClientOverTestServerTransport), bench.CourierClientOverTestServerTransport),
                (nameof(TestHostBenchmarks.CourierClient_SameRequest), bench.CourierClient_SameRequest),
            };

            // Warm-up until the JIT is quiet (tiering of Courier's code, which is not ReadyToRun): at least 2 s, at most 15 s.
            var warming = Stopwatch.StartNew();
            long compiled;
            do
            {
                compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                foreach (var (_, run) in cases)
                {
                    await run();
                }
            }
            while (warming.Elapsed < TimeSpan.FromSeconds(2)
                || (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled >= 5 && warming.Elapsed < TimeSpan.FromSeconds(15)));

            var times = cases.ToDictionary(c => c.Name, _ => new JsonArray());
            var random = new Random(20261121);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, run) in cases.OrderBy(_ => random.Next()))
                {
                    var watch = Stopwatch.StartNew();
                    if (await run() <= 0)
                    {
                        throw new InvalidOperationException($"{name} read no body");
                    }

                    times[name].Add(Math.Round(watch.Elapsed.TotalNanoseconds / TestHostBenchmarks.Requests, 1));
                }
            }

            var document = new JsonObject
            {
                ["id"] = "inproc.testhost",
                ["title"] = $"{TestHostBenchmarks.Requests:N0} GETs into an in-process app, cases interleaved per round",
                ["unit"] = "ns",
                ["requests"] = TestHostBenchmarks.Requests,
                ["values"] = new JsonObject([.. times.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]),
            };
            await File.WriteAllTextAsync(output, document.ToJsonString());
            foreach (var (name, values) in times)
            {
                var sorted = values.Select(v => (double)v!).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: median {sorted[sorted.Count / 2]:N0} ns per request over {sorted.Count} rounds"));
            }

            return 0;
        }
        finally
        {
            await bench.CleanupAsync();
        }
    }
}
