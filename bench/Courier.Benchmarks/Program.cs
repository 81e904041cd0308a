using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*'
// One class: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*ClientOverhead*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
