using NanoKvm.Benchmarks.Hid;

namespace NanoKvm.Benchmarks.Tests.Hid;

/// <summary>The report encoding suite still runs and encodes full-size reports.</summary>
public sealed class ReportEncodingBenchmarkTests
{
    [Fact]
    public void EveryEncoder_WritesItsReports()
    {
        var benchmark = new ReportEncodingBenchmarks();
        benchmark.Setup();
        const int n = ReportEncodingBenchmarks.Batch;

        Assert.Equal(n * 9, benchmark.BinaryKeyboard());
        Assert.Equal(n * 5, benchmark.BinaryRelative());
        Assert.Equal(n * 7, benchmark.BinaryAbsolute());
        Assert.InRange(benchmark.JsonKeyboard(), n * "[1,4,0,0,0,0]".Length, n * 40);
        Assert.InRange(benchmark.JsonRelative(), n * "[2,3,0,1,1]".Length, n * 40);
        Assert.InRange(benchmark.JsonAbsolute(), n * "[2,2,0,1,1]".Length, n * 40);
    }
}
