namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// Whether this is the quick check (<c>--quick</c>): Program.cs sets the environment variable, so the host and any
/// benchmark child process agree; suites then pick smaller work sizes and fewer iterations.
/// </summary>
public static class BenchmarkMode
{
    /// <summary>The environment variable that selects quick mode.</summary>
    public const string QuickVariable = "NANOKVM_BENCH_QUICK";

    /// <summary>True in quick mode.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary><paramref name="full"/> normally, <paramref name="quick"/> in quick mode.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;
}
