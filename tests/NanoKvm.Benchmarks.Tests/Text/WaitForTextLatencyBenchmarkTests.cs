using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Benchmarks.Text;

namespace NanoKvm.Benchmarks.Tests.Text;

/// <summary>
/// The wait_for_text latency suite runs one iteration end to end and records its figures from the emulator's own
/// hooks: a latency that is measured (not NaN, so the change that drew the text was seen), no shorter than the time
/// the first frame with the text took to leave the emulator, and an OCR time. No assertion is about speed.
/// </summary>
public sealed class WaitForTextLatencyBenchmarkTests
{
    [Theory]
    [InlineData("scene")]
    [InlineData("typed")]
    public async Task OneIteration_RecordsLatencyFromTheEmulatorsChange_AndAnOcrTime(string appearance)
    {
        var benchmark = new WaitForTextLatencyBenchmarks { Appearance = appearance, Fps = 30 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            await Task.Run(benchmark.ArmWait, TestContext.Current.CancellationToken);
            var reads = await benchmark.TextAppears();
            await Task.Run(benchmark.TimeOneRead, TestContext.Current.CancellationToken);

            Assert.True(reads >= 2, $"the wait read {reads} frames; the armed empty screen and the text make at least 2");
            var latency = Assert.Single(RecordedSamples.Get(benchmark.CaseKey, WaitForTextLatencyBenchmarks.LatencyMetric));
            var frameOut = Assert.Single(RecordedSamples.Get(benchmark.CaseKey, WaitForTextLatencyBenchmarks.FrameOutMetric));
            var ocr = Assert.Single(RecordedSamples.Get(benchmark.CaseKey, WaitForTextLatencyBenchmarks.OcrMetric));
            Assert.True(double.IsFinite(latency) && double.IsFinite(frameOut), $"latency {latency}, frame out {frameOut}: a hook did not fire");
            Assert.InRange(frameOut, 0, latency);
            Assert.True(ocr > 0);
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
