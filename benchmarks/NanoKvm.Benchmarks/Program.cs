using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NanoKvm.Benchmarks.Infrastructure;

// Full run:    dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*'
// Quick check: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*' --quick
//   (in-process, 1 warm-up + 3 short iterations per micro-benchmark, smaller end-to-end work sizes).
IConfig? config = null;
if (args.Contains("--quick"))
{
    args = [.. args.Where(a => a != "--quick")];
    Environment.SetEnvironmentVariable(BenchmarkMode.QuickVariable, "1");
    config = DefaultConfig.Instance.AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
        .WithId("Quick"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
