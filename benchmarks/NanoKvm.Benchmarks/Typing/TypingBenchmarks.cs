#if BENCH_BEFORE
extern alias before;
#endif

using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Client.Hid;

namespace NanoKvm.Benchmarks.Typing;

/// <summary>
/// Characters per second delivered into the virtual host's transcript, with the emulator as realistic as it gets: a
/// 1 ms USB poll and 200-report queues, so the device's real pace applies. Every operation asserts the transcript
/// equals the text (zero lost or wrong characters). Compared in the same run with the device's own paste endpoint,
/// which types at its fixed 30 ms per character.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*Typing*'
/// </summary>
[Config(typeof(Config))]
public class TypingBenchmarks
{
    private const string Sample = "The Quick Brown Fox #42 jumps over {lazy} DOGS! (x=1; y=\"ok\") @home ~/src $PATH & 100% <tags> | a_b+c^d*e? ";

    private EmulatedDevice _device = null!;
#if BENCH_BEFORE
    private before::NanoKvm.Client.NanoKvmClient _before = null!;
#endif

    /// <summary>Characters typed per operation through <see cref="KeyboardClient.TypeTextAsync"/> at Pace=0.</summary>
    public static int TypedCharacters => BenchmarkMode.Pick(600, 150);

    /// <summary>Characters per operation for the slow paths (default pace, the device's paste endpoint).</summary>
    public static int SlowCharacters => BenchmarkMode.Pick(40, 12);

    /// <summary>Characters per operation at Pace=0 (tests use a short text).</summary>
    public int TypedLength { get; set; } = TypedCharacters;

    /// <summary>Characters per operation on the slow paths (tests use a short text).</summary>
    public int SlowLength { get; set; } = SlowCharacters;

    /// <summary>Characters confirmed in the host transcript so far (tests check the count).</summary>
    public long DeliveredCharacters { get; private set; }

    /// <summary>Printable ASCII with many shifted characters, <paramref name="length"/> long, ending in a visible character.</summary>
    public static string Text(int length)
    {
        var text = new StringBuilder(length + Sample.Length);
        while (text.Length < length)
        {
            text.Append(Sample);
        }

        text.Length = length - 1;
        return text.Append('.').ToString(); // a trailing space could hide a lost last key
    }

    /// <summary>Starts the emulator at real time with its default 1 ms USB poll and connects the client.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Stops the client and the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>TypeTextAsync with no client pause between reports: the device's queue and USB poll set the pace.</summary>
    [Benchmark(Description = "SDK TypeTextAsync, Pace=0 (device-paced)")]
    public Task<int> TypeDevicePaced() => TypeAsync(Text(TypedLength), TimeSpan.Zero);

#if BENCH_BEFORE
    /// <summary>The same at Pace=0 through the client before issue 14 (same device, same run).</summary>
    [Benchmark(Description = "Before #14: TypeTextAsync, Pace=0 (device-paced)")]
    public async Task<int> BeforeTypeDevicePaced()
    {
        var text = Text(TypedLength);
        _device.Emulator.Host.Keyboard.ClearTranscript();
        await _before.Keyboard.TypeTextAsync(text, new before::NanoKvm.Client.Hid.TypeTextOptions { Pace = TimeSpan.Zero }).ConfigureAwait(false);
        return await VerifyAsync(text).ConfigureAwait(false);
    }

#endif
    /// <summary>TypeTextAsync at the SDK's default 10 ms pause between reports (safe for BIOS screens).</summary>
    [Benchmark(Description = "SDK TypeTextAsync, default 10 ms pace")]
    public Task<int> TypeDefaultPace() => TypeAsync(Text(SlowLength), null);

    /// <summary>The device's paste endpoint (<c>POST /api/hid/paste</c>), 30 ms per character.</summary>
    [Benchmark(Description = "Device paste endpoint (30 ms/char)")]
    public async Task<int> Paste()
    {
        var text = Text(SlowLength);
        _device.Emulator.Host.Keyboard.ClearTranscript();
        await _device.Client.Keyboard.PasteAsync(text).ConfigureAwait(false);
        return await VerifyAsync(text).ConfigureAwait(false);
    }

    private async Task SetupAsync()
    {
        _device = await EmulatedDevice.StartAsync().ConfigureAwait(false);
        await _device.Client.Keyboard.ConnectAsync().ConfigureAwait(false);
#if BENCH_BEFORE
        _before = await BeforeClient.ConnectAsync(_device.Emulator).ConfigureAwait(false);
#endif
    }

    private async Task CleanupAsync()
    {
#if BENCH_BEFORE
        await _before.DisposeAsync().ConfigureAwait(false);
#endif
        await _device.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> TypeAsync(string text, TimeSpan? pace)
    {
        var keyboard = _device.Emulator.Host.Keyboard;
        keyboard.ClearTranscript();
        var started = Stopwatch.GetTimestamp();
        await _device.Client.Keyboard.TypeTextAsync(text, new TypeTextOptions { Pace = pace }).ConfigureAwait(false);
        var typed = await VerifyAsync(text).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var reports = keyboard.Reports.Count;

        // Where the time goes: the host receives one report per USB poll, so the rate is polls per second / reports per
        // character; a device queue near 200 shows the SDK kept it full (the peak is over the whole run).
        Console.WriteLine(FormattableString.Invariant(
            $"// Typing pace={pace?.TotalMilliseconds ?? 10} ms: {reports} reports for {typed} chars ({(double)reports / typed:0.00} per char), {elapsed.TotalMilliseconds / reports:0.00} ms per report (emulator poll interval {_device.Emulator.Options.HidUsbPollInterval.TotalMilliseconds} ms), peak device queue {keyboard.PeakQueueDepth} of 200"));
        return typed;
    }

    /// <summary>Waits until the host has received every character (the device may still be draining its queue), then compares.</summary>
    private async Task<int> VerifyAsync(string text)
    {
        var keyboard = _device.Emulator.Host.Keyboard;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string transcript;
        while ((transcript = keyboard.Transcript).Length < text.Length || !keyboard.NothingHeld)
        {
            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        if (!string.Equals(transcript, text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The host received {transcript.Length} characters that differ from the {text.Length} typed:\n{transcript}\n{text}");
        }

        DeliveredCharacters += text.Length;
        return text.Length;
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 5, quickIterations: 2)
        {
            AddColumn(
                new StatisticColumn("Chars", "Characters per operation", (_, c) => Characters(c)),
                new StatisticColumn("Chars/s", "Characters per second delivered into the host transcript (verified)", (s, c) => Characters(c) / (s.Mean / 1e9), "N1"),
                new StatisticColumn("x paste pace", "Rate / 33.3 chars/s (the device paste endpoint's 30 ms per character)", (s, c) => Characters(c) / (s.Mean / 1e9) / (1000.0 / 30), "N2"),
                new StatisticColumn("x Python 50ms/key", "Rate / 20 chars/s (the reference Python server's 50 ms per key)", (s, c) => Characters(c) / (s.Mean / 1e9) / (1000.0 / 50), "N2"));
        }

        private static int Characters(BenchmarkDotNet.Running.BenchmarkCase c) =>
            c.Descriptor.WorkloadMethod.Name is nameof(TypeDevicePaced) or "BeforeTypeDevicePaced" ? TypedCharacters : SlowCharacters;
    }
}
