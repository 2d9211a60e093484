using System.Globalization;
using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Client.Video.Text;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Benchmarks.Text;

/// <summary>
/// Detection latency of <c>Video.WaitForTextAsync</c>: from the moment the text appears on the emulator's screen to
/// the call returning with it. The start is the emulator's own timestamp of the screen change that drew the text
/// (<c>ScreenModel.ContentChanged</c>), not the call start nor the moment the benchmark asked for the change. Each
/// iteration arms a wait on an unchanging screen (its first read done, so the wait is idle), then makes the text
/// appear: <c>scene</c> switches the host to its login prompt and waits for "login:" (the whole text in one change),
/// <c>typed</c> types "Installation complete" through HID (every key changes the screen, so reads of half-typed
/// frames can be running when the last key lands). Recorded with it, from the same run: when the first frame showing
/// the text left the emulator, one OCR of the frame the wait returned, and the capture interval (1000 / fps), so the
/// issue's target, latency ≤ one OCR + one frame interval, can be checked case by case.
/// BenchmarkDotNet's own Mean/Median time the iteration body (the change, plus the typing for <c>typed</c>, plus the
/// wait); the figure is the Latency column.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*WaitForTextLatency*'
/// </summary>
[Config(typeof(Config))]
public class WaitForTextLatencyBenchmarks
{
    /// <summary>Recorded metric: ms from the emulator drawing the text to the call returning.</summary>
    public const string LatencyMetric = "latency";

    /// <summary>Recorded metric: ms from the emulator drawing the text to the first frame showing it leaving the emulator.</summary>
    public const string FrameOutMetric = "frame_out";

    /// <summary>Recorded metric: ms of one OCR of the returned frame.</summary>
    public const string OcrMetric = "ocr";

    /// <summary>Recorded metric: frames the wait read, the armed empty screen included.</summary>
    public const string ReadsMetric = "reads";

    private const string TypedText = "Installation complete";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private EmulatedDevice _device = null!;
    private Task<ScreenText>? _wait;
    private ScreenText? _answer;
    private bool _armed;
    private long _appearedAt;
    private long _appearedFrame;
    private long _frameOutAt;

    /// <summary>scene: the login prompt replaces the empty screen in one change; typed: the text is typed key by key through HID.</summary>
    [Params("scene", "typed")]
    public string Appearance { get; set; } = "scene";

    /// <summary>The emulator's MJPEG frame rate (the device's fps setting); its capture interval is 1000 / fps ms.</summary>
    [Params(30)]
    public int Fps { get; set; } = 30;

    /// <summary>The key this case's samples are recorded under in <see cref="RecordedSamples"/>.</summary>
    public string CaseKey => Key(Appearance, Fps);

    private TextQuery Query => Appearance == "scene" ? TextQuery.Literal("login:") : TextQuery.Literal(TypedText);

    /// <summary>Starts the emulator at the frame rate, hooks its screen, and reads once so Tesseract's files are cached.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Prints the recorded figures (for runs whose columns cannot see them) and stops everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var latency = RecordedSamples.Get(CaseKey, LatencyMetric);
        var ocr = RecordedSamples.Get(CaseKey, OcrMetric);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// WaitForText {CaseKey}: latency ms [{string.Join(", ", latency.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}], " +
            $"reads [{string.Join(", ", RecordedSamples.Get(CaseKey, ReadsMetric))}], " +
            $"frame out median {RecordedSamples.Median(RecordedSamples.Get(CaseKey, FrameOutMetric)):0.0} ms, OCR median {RecordedSamples.Median(ocr):0} ms, interval {1000.0 / Fps:0.0} ms"));
        _device.Emulator.Host.Screen.ContentChanged -= OnContentChanged;
        _device.Emulator.Host.Screen.FrameSent -= OnFrameSent;
        _device.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Empties the screen, starts the wait and lets it read the empty screen once, so it is idle when the text comes.</summary>
    [IterationSetup]
    public void ArmWait() => ArmWaitAsync().GetAwaiter().GetResult();

    /// <summary>Makes the text appear and waits for WaitForTextAsync to return with it.</summary>
    [Benchmark(Description = "text appears -> WaitForTextAsync returns")]
    public async Task<int> TextAppears()
    {
        if (Appearance == "scene")
        {
            _device.Emulator.Host.Screen.Scene = ScreenScene.LoginPrompt;
        }
        else
        {
            await _device.Client.Keyboard.TypeTextAsync(TypedText).ConfigureAwait(false);
        }

        _answer = await _wait!.ConfigureAwait(false);
        var returnedAt = _device.Emulator.Options.TimeProvider.GetTimestamp();
        lock (_gate)
        {
            _armed = false;
            RecordedSamples.Add(CaseKey, LatencyMetric, Milliseconds(_appearedAt, returnedAt));
            RecordedSamples.Add(CaseKey, FrameOutMetric, Milliseconds(_appearedAt, _frameOutAt));
        }

        RecordedSamples.Add(CaseKey, ReadsMetric, _answer.Reads);
        return _answer.Reads;
    }

    /// <summary>One OCR of the frame the wait returned, timed the way the wait reads (same recognizer and options).</summary>
    [IterationCleanup]
    public void TimeOneRead() => TimeOneReadAsync().GetAwaiter().GetResult();

    private static string Key(string appearance, int fps) => string.Create(CultureInfo.InvariantCulture, $"{appearance}/{fps}");

    private double Milliseconds(long from, long to) =>
        from == 0 || to == 0 ? double.NaN : _device.Emulator.Options.TimeProvider.GetElapsedTime(from, to).TotalMilliseconds;

    private async Task SetupAsync()
    {
        RecordedSamples.Reset(CaseKey);
        _device = await EmulatedDevice.StartAsync().ConfigureAwait(false);
        await _device.Client.Video.SetFrameRateAsync(Fps).ConfigureAwait(false);
        _device.Emulator.Host.Screen.ContentChanged += OnContentChanged;
        _device.Emulator.Host.Screen.FrameSent += OnFrameSent;
        using var warm = await _device.Client.Video.ReadTextAsync().ConfigureAwait(false);
    }

    private async Task ArmWaitAsync()
    {
        var screen = _device.Emulator.Host.Screen;
        screen.Scene = ScreenScene.Transcript;
        _device.Emulator.Host.Keyboard.ClearTranscript();
        lock (_gate)
        {
            (_appearedAt, _appearedFrame, _frameOutAt) = (0, 0, 0);
        }

        var firstRead = new FirstRead();
        _wait = _device.Client.Video.WaitForTextAsync(Query, Timeout, progress: firstRead);
        await Task.WhenAny(firstRead.Done, _wait).ConfigureAwait(false);
        if (_wait.IsCompleted)
        {
            // The text was found on what should be an empty screen: the measurement would be meaningless.
            using var early = await _wait.ConfigureAwait(false);
            throw new InvalidOperationException($"{Query} was read on the emptied screen: \"{early.Text.Text}\"");
        }

        lock (_gate)
        {
            _armed = true;
        }
    }

    private async Task TimeOneReadAsync()
    {
        using var answer = _answer ?? throw new InvalidOperationException("The iteration did not get an answer.");
        _answer = null;
        var started = TimeProvider.System.GetTimestamp();
        await TesseractTextRecognizer.Default.RecognizeAsync(TextImage.FromFrame(answer.Frame)).ConfigureAwait(false);
        RecordedSamples.Add(CaseKey, OcrMetric, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private void OnContentChanged(ScreenChange change)
    {
        var shows = Appearance == "scene"
            ? change.Content?.Scene == ScreenScene.LoginPrompt
            : change.Content?.Text.Contains(TypedText, StringComparison.Ordinal) == true;
        lock (_gate)
        {
            if (_armed && _appearedAt == 0 && shows)
            {
                (_appearedAt, _appearedFrame) = (change.Timestamp, change.FrameId);
            }
        }
    }

    private void OnFrameSent(ScreenChange sent)
    {
        lock (_gate)
        {
            if (_appearedAt != 0 && _frameOutAt == 0 && sent.FrameId >= _appearedFrame)
            {
                _frameOutAt = sent.Timestamp;
            }
        }
    }

    /// <summary>Completes on the wait's first report, i.e. once it has read the screen it started on.</summary>
    private sealed class FirstRead : IProgress<TextWaitProgress>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public void Report(TextWaitProgress value) => _done.TrySetResult();
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 20, quickIterations: 5, warmups: 1)
        {
            AddColumn(
                Column("Latency ms", "Median time from the emulator drawing the text to WaitForTextAsync returning", m => RecordedSamples.Median(m(LatencyMetric))),
                Column("Max ms", "Longest of those latencies", m => m(LatencyMetric) is { Count: > 0 } l ? l.Max() : null),
                Column("Frame out ms", "Median time from the text drawn to the first frame showing it leaving the emulator", m => RecordedSamples.Median(m(FrameOutMetric))),
                Column("OCR ms", "Median time of one OCR of the frame the wait returned (same run)", m => RecordedSamples.Median(m(OcrMetric))),
                RecordedColumn.Create("Interval ms", "Capture interval at the fps setting (1000 / fps)", CaseOf, (c, _) => 1000.0 / FpsOf(c)),
                RecordedColumn.Create("Target ms", "One OCR (median) + one frame interval", CaseOf, (c, m) => RecordedSamples.Median(m(OcrMetric)) + (1000.0 / FpsOf(c))),
                RecordedColumn.Create("Latency/target", "Median latency divided by the target", CaseOf, (c, m) => RecordedSamples.Median(m(LatencyMetric)) / (RecordedSamples.Median(m(OcrMetric)) + (1000.0 / FpsOf(c))), "0.00"),
                Column("Reads", "Median frames the wait read (the empty screen included)", m => RecordedSamples.Median(m(ReadsMetric))));
        }

        private static StatisticColumn Column(string name, string legend, Func<Func<string, IReadOnlyList<double>>, double?> value) =>
            RecordedColumn.Create(name, legend, CaseOf, (_, m) => value(m));

        private static string CaseOf(BenchmarkDotNet.Running.BenchmarkCase c) =>
            Key(StatisticColumn.Parameter(c, nameof(Appearance), "scene"), FpsOf(c));

        private static int FpsOf(BenchmarkDotNet.Running.BenchmarkCase c) => StatisticColumn.Parameter(c, nameof(Fps), 30);
    }
}
