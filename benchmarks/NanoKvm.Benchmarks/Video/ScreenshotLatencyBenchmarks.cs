using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Client.Video;

namespace NanoKvm.Benchmarks.Video;

/// <summary>
/// Latency of <see cref="VideoClient.GetScreenshotAsync"/> from the call to the returned frame, against an in-process
/// emulator over loopback at a frame rate of <see cref="Fps"/> with frame detection off (so a static screen still
/// streams, as on a device with detection disabled). One iteration is one screenshot, so Median and P99 are the
/// distribution of single calls. Back-to-back screenshots share the client's open MJPEG connection; a fresh frame is
/// one that arrives after the call, so the expected wait is about half a frame interval up to one.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*ScreenshotLatency*'
/// </summary>
[Config(typeof(Config))]
public class ScreenshotLatencyBenchmarks
{
    private static readonly ScreenshotOptions Options = new() { Timeout = TimeSpan.FromSeconds(10) };

    private EmulatedDevice _device = null!;

    /// <summary>The emulator's MJPEG frame rate (the device's fps setting).</summary>
    [Params(30, 60)]
    public int Fps { get; set; } = 30;

    /// <summary>Screenshots taken so far.</summary>
    public int Screenshots { get; private set; }

    /// <summary>Starts the emulator, sets the frame rate, turns frame detection off and opens the stream once.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Stops the client and the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => _device.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _device = await EmulatedDevice.StartAsync().ConfigureAwait(false);
        await _device.Client.Video.SetFrameRateAsync(Fps).ConfigureAwait(false);
        await _device.Client.Video.SetFrameDetectionAsync(false).ConfigureAwait(false);
        using var first = await _device.Client.Video.GetScreenshotAsync(Options).ConfigureAwait(false);
    }

    /// <summary>One screenshot, from the call to a fresh frame in hand.</summary>
    [Benchmark(Description = "GetScreenshotAsync (warm stream)")]
    public async Task<int> Screenshot()
    {
        using var frame = await _device.Client.Video.GetScreenshotAsync(Options).ConfigureAwait(false);
        Screenshots++;
        return frame.Length;
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 200, quickIterations: 30, warmups: 10)
        {
            AddColumn(
                new StatisticColumn("Median ms", "Median latency of one screenshot", (s, _) => s.Median / 1e6, "0.0"),
                new StatisticColumn("P99 ms", "99th percentile latency", (s, _) => s.Percentiles.Percentile(99) / 1e6, "0.0"),
                new StatisticColumn("Interval ms", "Frame interval at the fps setting (1000 / fps)", (_, c) => 1000.0 / Fps(c), "0.0"),
                new StatisticColumn("Median/interval", "Median latency in frame intervals", (s, c) => s.Median / 1e6 / (1000.0 / Fps(c)), "0.00"),
                new StatisticColumn("P99/interval", "P99 latency in frame intervals", (s, c) => s.Percentiles.Percentile(99) / 1e6 / (1000.0 / Fps(c)), "0.00"));
        }

        private static int Fps(BenchmarkDotNet.Running.BenchmarkCase c) => StatisticColumn.Parameter(c, nameof(ScreenshotLatencyBenchmarks.Fps), 30);
    }
}
