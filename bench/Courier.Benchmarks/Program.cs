using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;
using Courier.Benchmarks;

// Run all: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*' --inProcess
// One class: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*ClientOverhead*' --job short --inProcess
// (--inProcess: on a busy 2-core machine BenchmarkDotNet's own rebuild of the boilerplate project times out.)
// bench/run.sh runs every class once per round with --exporters json; COURIER_BENCH_REVERSE=1 runs each class's methods
// in reverse order, so that alternate rounds measure the peers B-then-A.
// `write-cassettes DIR` writes the cassettes of CassetteBenchmarks (cassette-N.yaml) for vcrpy to load too.
// `interleaved-testhost OUT.json [ROUNDS]` runs the TestHost cases side by side in rounds (TestHostInterleaved).
if (args is ["write-cassettes", var dir])
{
    Directory.CreateDirectory(dir);
    foreach (var n in CassetteFiles.Sizes)
    {
        Console.WriteLine(CassetteFiles.Write(n, Path.Combine(dir, $"cassette-{n}.yaml")));
    }

    return 0;
}

if (args is ["interleaved-testhost", var output, .. var rest])
{
    return await TestHostInterleaved.RunAsync(output, rest is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 20);
}

var reverse = Environment.GetEnvironmentVariable("COURIER_BENCH_REVERSE") == "1";
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithOrderer(new AlternatingOrderer(reverse)));
return 0;

/// <summary>Declared order, or its reverse (for the B-then-A rounds).</summary>
internal sealed class AlternatingOrderer(bool reverse) : DefaultOrderer(SummaryOrderPolicy.Default, MethodOrderPolicy.Declared)
{
    public override IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
    {
        var declared = base.GetExecutionOrder(benchmarksCase, order);
        return reverse ? declared.Reverse() : declared;
    }
}
