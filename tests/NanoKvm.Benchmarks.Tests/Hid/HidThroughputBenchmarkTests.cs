using NanoKvm.Benchmarks.Hid;

namespace NanoKvm.Benchmarks.Tests.Hid;

/// <summary>The HID throughput suite still runs: every report of each client reaches the emulator's sink.</summary>
public sealed class HidThroughputBenchmarkTests
{
    [Theory]
    [InlineData("2.5.1")]
    [InlineData("2.3.1")]
    public async Task EveryClient_DeliversAllReports(string firmware)
    {
        var benchmark = new HidThroughputBenchmarks { Firmware = firmware, Reports = 300, WarmUpReports = 4000 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(300, await benchmark.Naive());
            Assert.Equal(300, await benchmark.SdkPerCall());
            Assert.Equal(300, await benchmark.SdkBulk());
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
