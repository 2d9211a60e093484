using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Logging;
using NanoKvm.Client.Video;
using NanoKvm.Client.Video.Screenshots;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>
/// The shared screenshot stream recovers: a frozen connection is replaced and its error says it stalled, a stream
/// that breaks after every frame is reopened with backoff, and the stream's own error reaches the caller.
/// </summary>
public sealed class StreamRecoveryTests
{
    private static readonly ScreenshotOptions NoBypass = new()
    {
        Timeout = TimeSpan.FromSeconds(10),
        StaticScreenGrace = TimeSpan.FromMilliseconds(300),
        BypassFrameDetection = false,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FrozenStreamConnection_IsReplaced_AndTheNextScreenshotSucceeds()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new FreezingForwarder(device.Emulator.BaseAddress);
        await using var client = device.NewClient(c =>
        {
            c.Address = forwarder.BaseAddress;
            c.Video.StallTimeout = TimeSpan.FromMilliseconds(500);
        });
        await client.Video.SetFrameDetectionAsync(false, Ct);
        using (await client.Video.GetScreenshotAsync(NoBypass, Ct))
        {
        }

        forwarder.FreezeOpenStreams();
        var clock = Stopwatch.StartNew();
        using var frame = await client.Video.GetScreenshotAsync(NoBypass, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"screenshot over a frozen stream took {clock.Elapsed.TotalSeconds:0.00} s with StallTimeout 0.5 s (backoff ≤ 0.25 s, first frame of the replacement discarded)");
        Assert.True(frame.Length > 0);
        Assert.Equal(2, forwarder.StreamConnections);
        Assert.True(clock.Elapsed < NoBypass.Timeout, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task StreamThatStaysFrozen_TimesOutSayingItStalled_NotThatHdmiIsAbsent()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new FreezingForwarder(device.Emulator.BaseAddress);
        await using var client = device.NewClient(c =>
        {
            c.Address = forwarder.BaseAddress;
            c.Video.StallTimeout = TimeSpan.FromMilliseconds(400);
        });
        await client.Video.SetFrameDetectionAsync(false, Ct);
        using (await client.Video.GetScreenshotAsync(NoBypass, Ct))
        {
        }

        forwarder.FreezeOpenStreams();
        forwarder.FreezeNewStreams = true;

        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() =>
            client.Video.GetScreenshotAsync(
                new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(3), StaticScreenGrace = TimeSpan.FromMilliseconds(300), BypassFrameDetection = false },
                Ct));

        Assert.Contains("stalled", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HDMI source is probably absent", error.Message, StringComparison.Ordinal);
        Assert.True(forwarder.StreamConnections >= 2, $"{forwarder.StreamConnections} stream connections: the frozen one was not replaced");
    }

    [Fact]
    public async Task StaticScreenWithDetectionOn_IsNotTakenForAStall()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new FreezingForwarder(device.Emulator.BaseAddress);
        await using var client = device.NewClient(c =>
        {
            c.Address = forwarder.BaseAddress;
            c.Video.StallTimeout = TimeSpan.FromMilliseconds(200);
        });
        var bypass = new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(10), StaticScreenGrace = TimeSpan.FromMilliseconds(300) };
        using (await client.Video.GetScreenshotAsync(bypass, Ct))
        {
        }

        // Frame detection is on again and the screen is static: a silent stream is normal and must be kept.
        using var stable = await client.Video.WaitForStableAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), bypass, Ct);

        Assert.Equal(1, forwarder.StreamConnections);
    }

    [Fact]
    public async Task StreamBreakingAfterEveryFrame_ReachesTheCallerAsItsParseError_AndReconnectsBackOff()
    {
        var connections = 0;
        var jpeg = TestJpeg.Build(320, 240);
        await using var server = await HostileDevice.StartAsync(app => app.MapGet("/api/stream/mjpeg", async context =>
        {
            Interlocked.Increment(ref connections);
            context.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
            await context.Response.Body.WriteAsync(TestJpeg.Multipart([jpeg], contentLength: true), context.RequestAborted);
            await context.Response.Body.WriteAsync("--frame\r\nthis is not a header\r\n\r\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }));
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = server.NewClient(c => c.LoggerFactory = loggerFactory);

        var window = TimeSpan.FromSeconds(MeasureSeconds());
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var errors = new List<Exception>();
        while (clock.Elapsed < window)
        {
            errors.Add(await Assert.ThrowsAnyAsync<NanoKvmException>(() => client.Video.GetScreenshotAsync(NoBypass, Ct)));
        }

        var seen = Volatile.Read(ref connections);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{seen} connections in {clock.Elapsed.TotalSeconds:0.0} s, {errors.Count} failed screenshots, "
            + $"{(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024} KiB allocated, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");

        // Each delay is at least half its ceiling (250 ms doubling to 5 s), whatever the jitter draws.
        Assert.True(seen <= MaxConnections(clock.Elapsed), $"{seen} connections in {clock.Elapsed}: no backoff");
        Assert.All(errors, e => Assert.IsNotType<NanoKvmTimeoutException>(e));
        Assert.Contains("malformed MJPEG stream", errors[0].Message, StringComparison.Ordinal);
        // The same failure over and over is one state: logged once, not once per attempt.
        Assert.Single(sink.Entries, e => e.Message.Contains("shared MJPEG stream failed", StringComparison.Ordinal));
    }

    [Fact]
    public void ConnectionBound_FollowsTheBackoffFloor()
    {
        // The bound used above: 1 + the attempts whose minimum cumulative delay fits the window.
        Assert.Equal(1, MaxConnections(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(2, MaxConnections(TimeSpan.FromMilliseconds(130)));
        Assert.Equal(6, MaxConnections(TimeSpan.FromSeconds(4)));
    }

    private static int MaxConnections(TimeSpan window)
    {
        var count = 1;
        var elapsed = TimeSpan.Zero;
        var ceiling = SharedFrameSource.InitialReconnectDelay;
        while (true)
        {
            elapsed += ceiling / 2;
            if (elapsed > window)
            {
                return count;
            }

            count++;
            ceiling = ceiling * 2 > SharedFrameSource.MaxReconnectDelay ? SharedFrameSource.MaxReconnectDelay : ceiling * 2;
        }
    }

    // NANOKVM_FLAP_SECONDS=10 reproduces the 10-second measurement; CI runs a short window.
    private static double MeasureSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("NANOKVM_FLAP_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 3;
}
