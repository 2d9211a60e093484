#if BENCH_BEFORE
extern alias before;
#endif

using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Hid;

namespace NanoKvm.Benchmarks.Hid;

/// <summary>
/// Reports per second from one client session into the emulator over loopback, with the emulator in its unthrottled
/// sink mode (every message is still received and parsed, but not paced at the USB poll or given to the host). One
/// operation sends <see cref="Reports"/> relative mouse reports and ends when the emulator has parsed all of them, so
/// the rate is end to end. Baseline in the same run: <see cref="NaiveHidClient"/> (a new message object and one awaited
/// SendAsync per report, the way the Python peers do it).
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*HidThroughput*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class HidThroughputBenchmarks
{
    private const int BulkStep = 127;
    private const int BulkReportsPerCall = 1000;

    private EmulatedDevice _device = null!;
    private NaiveHidClient _naive = null!;
    private HidDevice _hid = null!;
#if BENCH_BEFORE
    private before::NanoKvm.Client.NanoKvmClient _before = null!;
#endif

    /// <summary>Firmware whose HID protocol is used: 2.5.1 binary reports, 2.3.1 legacy JSON arrays.</summary>
    [Params("2.5.1", "2.3.1")]
    public string Firmware { get; set; } = "2.5.1";

    /// <summary>Reports per operation.</summary>
    [ParamsSource(nameof(ReportCounts))]
    public int Reports { get; set; } = 1000;

    /// <summary>The work sizes: in a full run one operation of the baseline lasts about 5 s, so every rate is sustained.</summary>
    public static IEnumerable<int> ReportCounts => [BenchmarkMode.Pick(1_000_000, 10_000)];

    /// <summary>Most bulk reports the setup sends to warm up (per-report and naive warm-ups send a fortieth each).</summary>
    public int WarmUpReports { get; set; } = BenchmarkMode.Pick(2_000_000, 500_000);

    /// <summary>Messages the emulator parsed in the last operation (tests check all arrived).</summary>
    public long LastParsed { get; private set; }

    /// <summary>Starts the emulator in sink mode and connects both clients (the baseline with the SDK's login cookie).</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Closes both clients and the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _device = await EmulatedDevice.StartAsync(options =>
        {
            options.Profile = FirmwareProfile.Parse(Firmware);
            options.HidSinkMode = true;
        }, configureClient: options => options.Hid.ReportPace = TimeSpan.Zero).ConfigureAwait(false);
        _hid = HidDevice.Of(_device.Emulator);
        await _device.Client.Keyboard.ConnectAsync().ConfigureAwait(false);

#if BENCH_BEFORE
        // The transport before issue 14 (a Channel and our own reconnect loop), same device, same run.
        _before = await BeforeClient.ConnectAsync(_device.Emulator, TimeSpan.Zero).ConfigureAwait(false);
#endif
        var session = await _device.Client.Api.Session.GetAsync(CancellationToken.None).ConfigureAwait(false);
        _naive = await NaiveHidClient.ConnectAsync(
            _device.Emulator.BaseAddress, session.CookieHeader, json: !_device.Emulator.Profile.BinaryHid).ConfigureAwait(false);
        await WarmUpAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Brings both connections to steady state before anything is measured: the in-process emulator's receive loop
    /// and the runtime's WebSocket code tier up, and loopback TCP buffers grow, only after about a million messages
    /// (measured: bulk rates rose ~3x between the first and the tenth 200,000 reports). Every client gets the same
    /// warm-up, bounded by count and by time so the legacy JSON profile does not take minutes.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var budget = BenchmarkMode.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
        var start = Parsed();
        var expected = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (expected < WarmUpReports && clock.Elapsed < budget)
        {
            await _device.Client.Mouse.MoveByAsync(BulkReportsPerCall * BulkStep, 0).ConfigureAwait(false);
            expected += BulkReportsPerCall;
#if BENCH_BEFORE
            await _before.Mouse.MoveByAsync(BulkReportsPerCall * BulkStep, 0).ConfigureAwait(false);
            expected += BulkReportsPerCall;
#endif
        }

        foreach (var perCall in new[] { true, false })
        {
            clock.Restart();
            for (var i = 0; i < WarmUpReports / 40 && clock.Elapsed < budget; i++, expected++)
            {
                await (perCall ? _device.Client.Mouse.MoveByAsync(1, -1) : _naive.SendRelativeAsync(1, -1)).ConfigureAwait(false);
#if BENCH_BEFORE
                if (perCall)
                {
                    await _before.Mouse.MoveByAsync(1, -1).ConfigureAwait(false);
                    expected++;
                }
#endif
            }
        }

        await WaitForAsync(start, expected).ConfigureAwait(false);
    }

    /// <summary>Naive client: a new message and one awaited SendAsync per report.</summary>
    [Benchmark(Baseline = true, Description = "Naive: new message + SendAsync each")]
    public async Task<long> Naive()
    {
        var start = Parsed();
        for (var i = 0; i < Reports; i++)
        {
            await _naive.SendRelativeAsync(1, -1).ConfigureAwait(false);
        }

        return await WaitForAsync(start).ConfigureAwait(false);
    }

    /// <summary>SDK, one public call per report: <c>Mouse.MoveByAsync(1, -1)</c>, each awaited.</summary>
    [Benchmark(Description = "SDK: MoveByAsync per report")]
    public async Task<long> SdkPerCall()
    {
        var start = Parsed();
        for (var i = 0; i < Reports; i++)
        {
            await _device.Client.Mouse.MoveByAsync(1, -1).ConfigureAwait(false);
        }

        return await WaitForAsync(start).ConfigureAwait(false);
    }

    /// <summary>SDK, long moves: each <c>Mouse.MoveByAsync</c> call is split into 1000 reports of 127 units.</summary>
    [Benchmark(Description = "SDK: MoveByAsync 1000 steps/call")]
    public async Task<long> SdkBulk()
    {
        var start = Parsed();
        for (var sent = 0; sent < Reports; sent += BulkReportsPerCall)
        {
            var steps = Math.Min(BulkReportsPerCall, Reports - sent);
            await _device.Client.Mouse.MoveByAsync(steps * BulkStep, 0).ConfigureAwait(false);
        }

        return await WaitForAsync(start).ConfigureAwait(false);
    }

#if BENCH_BEFORE
    [Benchmark(Description = "Before #14: MoveByAsync per report")]
    public async Task<long> BeforePerCall()
    {
        var start = Parsed();
        for (var i = 0; i < Reports; i++)
        {
            await _before.Mouse.MoveByAsync(1, -1).ConfigureAwait(false);
        }

        return await WaitForAsync(start).ConfigureAwait(false);
    }

    [Benchmark(Description = "Before #14: MoveByAsync 1000 steps/call")]
    public async Task<long> BeforeBulk()
    {
        var start = Parsed();
        for (var sent = 0; sent < Reports; sent += BulkReportsPerCall)
        {
            var steps = Math.Min(BulkReportsPerCall, Reports - sent);
            await _before.Mouse.MoveByAsync(steps * BulkStep, 0).ConfigureAwait(false);
        }

        return await WaitForAsync(start).ConfigureAwait(false);
    }

#endif

    private async Task CleanupAsync()
    {
#if BENCH_BEFORE
        await _before.DisposeAsync().ConfigureAwait(false);
#endif
        await _naive.DisposeAsync().ConfigureAwait(false);
        await _device.DisposeAsync().ConfigureAwait(false);
    }

    private long Parsed() => _hid.SunkMessages - _hid.Heartbeats;

    /// <summary>Waits until the emulator has parsed every report of this operation (signalled, not polled).</summary>
    private Task<long> WaitForAsync(long start) => WaitForAsync(start, Reports);

    private async Task<long> WaitForAsync(long start, long reports)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Heartbeats are counted as parsed messages too, so wait again for any that arrived in between.
            while (Parsed() - start < reports)
            {
                await _hid.WaitForSunkAsync(_hid.SunkMessages + reports - (Parsed() - start), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex)
        {
            throw new InvalidOperationException($"The emulator parsed {Parsed() - start} of {reports} reports.", ex);
        }

        return LastParsed = Parsed() - start;
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 5, quickIterations: 2)
        {
            AddColumn(
                new StatisticColumn("Reports/s", "Reports per second, sent and parsed by the emulator (Reports / mean time)", (s, c) => Reports(c) / (s.Mean / 1e9)),
                new StatisticColumn("x USB limit", "Rate / 1,000 reports/s (one HID interface at a 1 ms poll)", (s, c) => Reports(c) / (s.Mean / 1e9) / 1000, "N1"),
                new StatisticColumn("us/report", "Mean microseconds per report", (s, c) => s.Mean / 1e3 / Reports(c), "0.00"));
        }

        private static int Reports(BenchmarkDotNet.Running.BenchmarkCase c) => StatisticColumn.Parameter(c, nameof(HidThroughputBenchmarks.Reports), 1);
    }
}
