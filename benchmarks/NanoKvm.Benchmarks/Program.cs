using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NanoKvm.Benchmarks.Infrastructure;

// Full run:    dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*'
// Quick check: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*' --quick
//   (1 warm-up + 3 iterations of 100 ms per micro-benchmark, smaller end-to-end work sizes; under 2 minutes).
// Benchmarks run in this process by default: on this shared 2-core machine BenchmarkDotNet's per-suite rebuild of a
// generated project takes minutes and hits its build timeout. --out-of-process restores the usual separate process.
var quick = args.Contains("--quick");
var outOfProcess = args.Contains("--out-of-process");
args = [.. args.Where(a => a is not ("--quick" or "--out-of-process"))];

IConfig config = DefaultConfig.Instance;
if (!outOfProcess)
{
    // A mutator: applies to whatever jobs the suites and the command line define, without adding one.
    config = config.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
}

if (quick)
{
    Environment.SetEnvironmentVariable(BenchmarkMode.QuickVariable, "1");
    config = config.AddJob(Job.Default
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
        .WithId("Quick"));
}

BenchmarkSwitcher.FromAssembly(typeof(NanoKvm.Benchmarks.Infrastructure.EndToEndConfig).Assembly).Run(args, config);
