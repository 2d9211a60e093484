using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;

namespace NanoKvm.Benchmarks.Imaging;

/// <summary>
/// Our codec on a 1920×1080 4:2:0 desktop frame next to libjpeg-turbo's djpeg on the same file.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*Jpeg*' --job short
/// </summary>
/// <remarks>
/// The djpeg rows start a process per operation, so they include process start-up, loading libjpeg and writing the
/// PPM to /dev/null; <see cref="Djpeg_8x8_startup_only"/> measures that fixed cost on a tiny file so it can be
/// subtracted. For libjpeg-turbo's pure in-process decode time use tjbench on the file written to
/// <see cref="FramePath"/> (see docs/imaging.md). Min and Median are shown because the shared 2-core build machine
/// makes means noisy.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class JpegBenchmarks
{
    /// <summary>Where the benchmark frame is written, so tjbench/djpeg can be run on exactly the same bytes.</summary>
    public static readonly string FramePath = Path.Combine(Path.GetTempPath(), "nanokvm-bench-1080p-420.jpg");

    private readonly string _tinyPath = Path.Combine(Path.GetTempPath(), "nanokvm-bench-8x8.jpg");
    private readonly string _framePath = FramePath;

    private byte[] _frame = [];
    private RgbImage _frame720 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frame = JpegEncoder.Encode(BenchmarkFrames.Desktop(1920, 1080), 80, ChromaSubsampling.Yuv420);
        File.WriteAllBytes(FramePath, _frame);
        File.WriteAllBytes(_tinyPath, JpegEncoder.Encode(new RgbImage(8, 8)));
        _frame720 = BenchmarkFrames.Desktop(1280, 720);
        Console.WriteLine($"// 1080p 4:2:0 frame: {_frame.Length / 1024} KiB at {FramePath}");
    }

    [Benchmark(Description = "Decode 1920x1080 4:2:0")]
    public RgbImage Decode_1080p() => JpegDecoder.Decode(_frame);

    [Benchmark(Description = "Decode 1080p + area downscale to 1280x720")]
    public RgbImage Decode_downscale_720p() => ImageScaler.DownscaleToFit(JpegDecoder.Decode(_frame), 1280, 720);

    [Benchmark(Description = "Decode 1080p + area downscale to 960x540")]
    public RgbImage Decode_downscale_540p() => ImageScaler.DownscaleToFit(JpegDecoder.Decode(_frame), 960, 540);

    [Benchmark(Description = "Decode 1080p at 1/2 scale (DCT domain) -> 960x540")]
    public RgbImage Decode_half_scale() => JpegDecoder.Decode(_frame, new JpegDecodeOptions { Scale = JpegScale.Half });

    [Benchmark(Description = "DecodeToFit 1280x720 (full decode + area average)")]
    public RgbImage DecodeToFit_720p() => JpegDecoder.DecodeToFit(_frame, 1280, 720);

    [Benchmark(Description = "DecodeToFit 640x360 (1/2 DCT scale + area average)")]
    public RgbImage DecodeToFit_360p() => JpegDecoder.DecodeToFit(_frame, 640, 360);

    [Benchmark(Description = "Encode 1280x720 q80 4:2:0")]
    public byte[] Encode_720p() => JpegEncoder.Encode(_frame720, 80);

    [Benchmark(Description = "djpeg process: decode 1080p to PPM (incl. start-up)")]
    public int Djpeg_1080p() => RunDjpeg(_framePath);

    [Benchmark(Description = "djpeg process: -scale 1/2 (incl. start-up)")]
    public int Djpeg_1080p_half() => RunDjpeg("-scale", "1/2", _framePath);

    [Benchmark(Description = "djpeg process: 8x8 file (start-up cost only)")]
    public int Djpeg_8x8_startup_only() => RunDjpeg(_tinyPath);

    private static int RunDjpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("djpeg") { UseShellExecute = false, RedirectStandardOutput = false };
        start.ArgumentList.Add("-outfile");
        start.ArgumentList.Add("/dev/null");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("djpeg did not start (apt-get install libjpeg-turbo-progs).");
        process.WaitForExit();
        return process.ExitCode == 0 ? 0 : throw new InvalidOperationException($"djpeg failed with {process.ExitCode}.");
    }
}
