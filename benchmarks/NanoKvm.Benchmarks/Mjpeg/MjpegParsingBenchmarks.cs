using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Client.Video.Mjpeg;

namespace NanoKvm.Benchmarks.Mjpeg;

/// <summary>
/// The SDK's multipart MJPEG parser against the naive Python-style parser on the same recorded stream of ~100 KB 1080p
/// JPEGs, delivered in reads of at most <see cref="ReadSize"/> bytes, with (firmware ≥2.3.0) and without (≤2.2.x)
/// Content-Length. One operation is one frame; the stream loops, so after warm-up this is the steady state (pooled
/// buffers reused, no per-connection set-up in the measurement).
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*MjpegParsing*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class MjpegParsingBenchmarks
{
    private PipeReader _pipe = null!;
    private MjpegParser _parser = null!;
    private NaiveMjpegParser _naive = null!;

    /// <summary>The most bytes one socket read delivers.</summary>
    [Params(4 * 1024, 64 * 1024)]
    public int ReadSize { get; set; } = 4 * 1024;

    /// <summary>Whether parts carry Content-Length (firmware ≥2.3.0) or must be scanned to EOI (≤2.2.x).</summary>
    [Params(true, false)]
    public bool ContentLength { get; set; } = true;

    /// <summary>Screen width of the recording (tests use a small screen).</summary>
    public int FrameWidth { get; set; } = 1920;

    /// <summary>Screen height of the recording (tests use a small screen).</summary>
    public int FrameHeight { get; set; } = 1080;

    /// <summary>Frames the SDK parser returned so far.</summary>
    public long SdkFrames { get; private set; }

    /// <summary>Frames the naive parser returned so far.</summary>
    public long NaiveFrames { get; private set; }

    /// <summary>Builds the recording and one long-lived parser of each kind over it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var recording = MjpegRecording.Get(FrameWidth, FrameHeight);
        var body = recording.Multipart(ContentLength);
        Console.WriteLine($"// MJPEG recording: {MjpegRecording.FrameCount} frames {recording.Width}x{recording.Height}, quality {recording.Quality}, mean JPEG {recording.MeanJpegBytes / 1024:0.0} KiB, {body.Length} stream bytes");

        // The same pipe options MjpegConnection uses for a real response.
        _pipe = PipeReader.Create(new ReplayStream(body, ReadSize), new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: false));
        _parser = new MjpegParser(_pipe, "frame", 8 * 1024 * 1024, TimeProvider.System, "GET /api/stream/mjpeg");
        _naive = new NaiveMjpegParser(new ReplayStream(body, ReadSize), ReadSize);
    }

    /// <summary>Growing buffer + search for FF D8 / FF D9 from the start after every read (the Python reference).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MjpegRecording.FrameCount, Description = "Naive (grow + scan FFD8/FFD9)")]
    public long Naive()
    {
        long bytes = 0;
        for (var i = 0; i < MjpegRecording.FrameCount; i++)
        {
            var frame = _naive.ReadFrame() ?? throw new InvalidOperationException("The replay stream never ends.");
            bytes += frame.Length;
            NaiveFrames++;
        }

        return bytes;
    }

    /// <summary>The SDK's <see cref="MjpegParser"/> over a PipeReader, frames disposed as a consumer would.</summary>
    [Benchmark(OperationsPerInvoke = MjpegRecording.FrameCount, Description = "SDK MjpegParser (parts)")]
    public async ValueTask<long> Sdk()
    {
        long bytes = 0;
        for (var i = 0; i < MjpegRecording.FrameCount; i++)
        {
            var part = await _parser.ReadPartAsync(CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The replay stream never ends.");
            bytes += part.Length;
            part.Buffer.Release();
            SdkFrames++;
        }

        return bytes;
    }

    /// <summary>
    /// The same parser behind the public API shape: each part wrapped as a <see cref="NanoKvm.Client.Video.VideoFrame"/>
    /// and disposed, as <c>VideoClient.GetFramesAsync</c> hands them out (the handle object is the only allocation).
    /// </summary>
    [Benchmark(OperationsPerInvoke = MjpegRecording.FrameCount, Description = "SDK MjpegParser -> VideoFrame")]
    public async ValueTask<long> SdkVideoFrame()
    {
        long bytes = 0;
        for (var i = 0; i < MjpegRecording.FrameCount; i++)
        {
            using var frame = await _parser.ReadFrameAsync(CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The replay stream never ends.");
            bytes += frame.Length;
            SdkFrames++;
        }

        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipe.Complete();
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new MjpegThroughputColumn());
    }
}
