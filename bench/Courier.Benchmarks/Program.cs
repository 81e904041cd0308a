using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*' --inProcess
// One class: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*ClientOverhead*' --job short --inProcess
// (--inProcess: on a busy 2-core machine BenchmarkDotNet's own rebuild of the boilerplate project times out.)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
