using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// Settings for the end-to-end suites (real sockets, an emulator, seconds per operation): one launch, a warm-up,
/// a few iterations of exactly one invocation each, no pilot or overhead runs (run strategy Monitoring). It is a job
/// mutator, so it applies on top of whatever job the command line picks (<c>--job short</c>, <c>--quick</c>) instead
/// of adding a second job.
/// </summary>
public class EndToEndConfig : ManualConfig
{
    /// <param name="iterations">Measured iterations in a full run.</param>
    /// <param name="quickIterations">Measured iterations in quick mode.</param>
    /// <param name="warmups">Warm-up iterations (not measured).</param>
    public EndToEndConfig(int iterations, int quickIterations, int warmups = 1)
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(BenchmarkMode.Pick(iterations, quickIterations))
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .AsMutator());
    }
}
