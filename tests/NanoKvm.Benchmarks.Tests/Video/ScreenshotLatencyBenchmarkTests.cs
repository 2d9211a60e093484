using NanoKvm.Benchmarks.Video;

namespace NanoKvm.Benchmarks.Tests.Video;

/// <summary>The screenshot latency suite still runs and returns real frames.</summary>
public sealed class ScreenshotLatencyBenchmarkTests
{
    [Fact]
    public async Task Screenshot_ReturnsAFrame()
    {
        var benchmark = new ScreenshotLatencyBenchmarks { Fps = 60 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            var length = await benchmark.Screenshot();

            Assert.True(length > 100);
            Assert.Equal(1, benchmark.Screenshots);
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
