using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Client.Hid;

namespace NanoKvm.Benchmarks.Typing;

/// <summary>
/// The two speeds of the MCP tool <c>nanokvm_type_text</c> on 2,000 characters: <c>safe</c> is the SDK's default
/// report pace (10 ms), <c>fast</c> is Pace=0 (the device's queue and USB poll set the pace). Each operation is timed
/// until the virtual host's transcript holds the whole text — delivered, not just sent: at <c>fast</c> the call
/// itself returns as soon as the socket has taken the reports, seconds before the host has them all. The emulator runs
/// at real time with its default 1 ms USB poll.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*TypingSpeed*'
/// </summary>
[Config(typeof(Config))]
public class TypingSpeedBenchmarks
{
    private EmulatedDevice _device = null!;

    /// <summary>Characters per operation: 2,000 (200 in quick mode).</summary>
    public static int Characters => BenchmarkMode.Pick(2000, 200);

    /// <summary>The tool's speed argument.</summary>
    [Params("safe", "fast")]
    public string Speed { get; set; } = "fast";

    /// <summary>Characters per operation (tests use a short text).</summary>
    public int Length { get; set; } = Characters;

    /// <summary>Starts the emulator and connects the client.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Stops the client and the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => _device.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Types the text at <see cref="Speed"/> and waits until the host has received all of it.</summary>
    [Benchmark(Description = "nanokvm_type_text speed, until delivered")]
    public async Task<int> TypeUntilDelivered()
    {
        var text = TypingBenchmarks.Text(Length);
        var keyboard = _device.Emulator.Host.Keyboard;
        keyboard.ClearTranscript();
        var options = new TypeTextOptions { Pace = Speed == "fast" ? TimeSpan.Zero : null };
        await _device.Client.Keyboard.TypeTextAsync(text, options).ConfigureAwait(false);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((keyboard.Transcript.Length < text.Length || !keyboard.NothingHeld) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        if (!string.Equals(keyboard.Transcript, text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The host received {keyboard.Transcript.Length} characters that differ from the {text.Length} typed.");
        }

        return text.Length;
    }

    private async Task SetupAsync()
    {
        _device = await EmulatedDevice.StartAsync().ConfigureAwait(false);
        await _device.Client.Keyboard.ConnectAsync().ConfigureAwait(false);
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 3, quickIterations: 1)
        {
            AddColumn(
                new StatisticColumn("Chars", "Characters per operation", (_, _) => Characters),
                new StatisticColumn("Chars/s", "Characters per second delivered into the host transcript (verified)", (s, _) => Characters / (s.Mean / 1e9), "N1"));
        }
    }
}
