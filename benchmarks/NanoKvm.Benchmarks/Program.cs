using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
