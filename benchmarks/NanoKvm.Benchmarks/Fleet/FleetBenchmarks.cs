#if BENCH_BEFORE
extern alias before;
#endif

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using NanoKvm.Benchmarks.Infrastructure;

namespace NanoKvm.Benchmarks.Fleet;

/// <summary>
/// A lab of many NanoKVMs driven from one process: <see cref="Devices"/> emulators (each its own Kestrel server on
/// loopback) and one SDK client per device, all sending relative mouse reports at once through the public API. The
/// emulators record every report but do not pace them at the USB poll, so the SDK side is what is measured. After
/// each operation every device's record is compared with what was sent: the report index is encoded in the deltas,
/// so a lost, duplicated or reordered report fails the run.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*Fleet*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class FleetBenchmarks
{
    private EmulatedDevice[] _devices = [];
#if BENCH_BEFORE
    private before::NanoKvm.Client.NanoKvmClient[] _before = [];
#endif

    /// <summary>Emulated devices, one client session each.</summary>
    [Params(100)]
    public int Devices { get; set; } = 100;

    /// <summary>Reports each session sends per operation.</summary>
    [ParamsSource(nameof(ReportCounts))]
    public int ReportsPerSession { get; set; } = 100;

    /// <summary>The work sizes.</summary>
    public static IEnumerable<int> ReportCounts => [BenchmarkMode.Pick(1_000, 100)];

    /// <summary>Reports checked in order on the devices so far (tests check the count).</summary>
    public long VerifiedReports { get; private set; }

    /// <summary>Starts the emulators and connects a client to each.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Prints the memory the fleet holds, then stops every client and emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>All sessions send <see cref="ReportsPerSession"/> reports concurrently; ends when every device recorded them, verified.</summary>
    [Benchmark(Description = "N sessions x MoveByAsync per report")]
    public async Task<long> AllSessions()
    {
        foreach (var device in _devices)
        {
            device.Emulator.Host.Mouse.ClearRecords();
        }

        await Task.WhenAll(_devices.Select(SendAsync)).ConfigureAwait(false);
        await Task.WhenAll(_devices.Select(WaitAndVerifyAsync)).ConfigureAwait(false);
        VerifiedReports += (long)_devices.Length * ReportsPerSession;
        return VerifiedReports;
    }

#if BENCH_BEFORE
    /// <summary>The same through one client per device as it was before issue 14 (same devices, same run).</summary>
    [Benchmark(Description = "Before #14: N sessions x MoveByAsync per report")]
    public async Task<long> BeforeAllSessions()
    {
        foreach (var device in _devices)
        {
            device.Emulator.Host.Mouse.ClearRecords();
        }

        await Task.WhenAll(_before.Select(async client =>
        {
            for (var i = 0; i < ReportsPerSession; i++)
            {
                var (dx, dy) = Delta(i);
                await client.Mouse.MoveByAsync(dx, dy).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        await Task.WhenAll(_devices.Select(WaitAndVerifyAsync)).ConfigureAwait(false);
        VerifiedReports += (long)_devices.Length * ReportsPerSession;
        return VerifiedReports;
    }

#endif
    /// <summary>Report <paramref name="index"/> carries dx = index mod 127 + 1 and dy = −(index / 127 mod 127 + 1): unique below 16,129.</summary>
    private static (sbyte Dx, sbyte Dy) Delta(int index) => ((sbyte)((index % 127) + 1), (sbyte)(-((index / 127 % 127) + 1)));

    private async Task SendAsync(EmulatedDevice device)
    {
        var mouse = device.Client.Mouse;
        for (var i = 0; i < ReportsPerSession; i++)
        {
            var (dx, dy) = Delta(i);
            await mouse.MoveByAsync(dx, dy).ConfigureAwait(false);
        }
    }

    private async Task WaitAndVerifyAsync(EmulatedDevice device)
    {
        var mouse = device.Emulator.Host.Mouse;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<byte[]> recorded;
        while ((recorded = mouse.RelativeReports).Count < ReportsPerSession)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Device {device.Emulator.BaseAddress} recorded {recorded.Count} of {ReportsPerSession} reports: reports were lost.");
            }

            await Task.Delay(2).ConfigureAwait(false);
        }

        if (recorded.Count != ReportsPerSession)
        {
            throw new InvalidOperationException($"Device {device.Emulator.BaseAddress} recorded {recorded.Count} reports for {ReportsPerSession} sent.");
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            var (dx, dy) = Delta(i);
            var report = recorded[i];
            if (report[0] != 0 || (sbyte)report[1] != dx || (sbyte)report[2] != dy || report[3] != 0)
            {
                throw new InvalidOperationException(
                    $"Device {device.Emulator.BaseAddress}: report {i} is {Convert.ToHexString(report)}, expected dx={dx} dy={dy}: lost or reordered.");
            }
        }
    }

    private async Task SetupAsync()
    {
        var before = Memory();
        _devices = await Task.WhenAll(Enumerable.Range(0, Devices).Select(_ => EmulatedDevice.StartAsync(
            options => options.HidUsbPollInterval = TimeSpan.Zero,
            options => options.Hid.ReportPace = TimeSpan.Zero))).ConfigureAwait(false);
        await Task.WhenAll(_devices.Select(d => d.Client.Keyboard.ConnectAsync())).ConfigureAwait(false);
#if BENCH_BEFORE
        _before = await Task.WhenAll(_devices.Select(d => BeforeClient.ConnectAsync(d.Emulator, TimeSpan.Zero))).ConfigureAwait(false);
#endif
        Console.WriteLine($"// Fleet: before start {before}; {Devices} emulators + {Devices} connected clients {Memory()}");
    }

    private async Task CleanupAsync()
    {
        Console.WriteLine($"// Fleet: after {VerifiedReports:N0} verified reports {Memory()}; GC collections gen0/1/2 = {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
#if BENCH_BEFORE
        await Task.WhenAll(_before.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
#endif
        await Task.WhenAll(_devices.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static string Memory()
    {
        using var process = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo();
        return $"[working set {process.WorkingSet64 / 1048576.0:N0} MiB, GC heap {info.HeapSizeBytes / 1048576.0:N0} MiB, managed in use {GC.GetTotalMemory(false) / 1048576.0:N0} MiB]";
    }

    private sealed class Config : EndToEndConfig
    {
        // Three warm-ups: 100 new sessions tier up over the first few seconds (measured: the first two operations of
        // a run took 2-2.5x the later ones), which one warm-up left inside the measured rows.
        public Config()
            : base(iterations: 7, quickIterations: 2, warmups: 3)
        {
            AddColumn(
                new StatisticColumn("Reports/s (all)", "Aggregate reports per second over all sessions, recorded and verified on the devices", (s, c) => Total(c) / (s.Mean / 1e9)),
                new StatisticColumn("Reports/s/session", "Per session", (s, c) => StatisticColumn.Parameter(c, nameof(ReportsPerSession), 1) / (s.Mean / 1e9)),
                new StatisticColumn("x USB limit (all)", "Aggregate rate / (devices x 1,000 reports/s)", (s, c) => Total(c) / (s.Mean / 1e9) / (StatisticColumn.Parameter(c, nameof(Devices), 1) * 1000.0), "N2"));
        }

        private static double Total(BenchmarkDotNet.Running.BenchmarkCase c) =>
            (double)StatisticColumn.Parameter(c, nameof(Devices), 1) * StatisticColumn.Parameter(c, nameof(ReportsPerSession), 1);
    }
}
