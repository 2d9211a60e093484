using NanoKvm.Benchmarks.Fleet;

namespace NanoKvm.Benchmarks.Tests.Fleet;

/// <summary>The fleet suite still runs and verifies every report on every device.</summary>
public sealed class FleetBenchmarkTests
{
    [Fact]
    public async Task AllSessions_DeliverEveryReportInOrder()
    {
        var benchmark = new FleetBenchmarks { Devices = 3, ReportsPerSession = 150 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            await benchmark.AllSessions();
            await benchmark.AllSessions();

            Assert.Equal(2 * 3 * 150, benchmark.VerifiedReports);
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
