using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Screenshots are fresh: taken after the call, never the stale warm-up frame, even on a static screen.</summary>
public sealed class ScreenshotTests
{
    private static readonly ScreenshotOptions Quick = new() { Timeout = TimeSpan.FromSeconds(10), StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    private static long FrameIdOf(VideoFrame frame) =>
        JpegComment.ReadFrameId(frame.Data.Span) ?? throw new InvalidOperationException("The frame carries no emulator frame id.");

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task Screenshot_IsTheHostScreenAsJpeg_WithItsSize(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var screen = device.Emulator.Host.Screen;
        screen.Caption = "profile " + profile;

        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, TestContext.Current.CancellationToken);

        Assert.Equal((800, 600), (frame.Width, frame.Height));
        Assert.Equal(screen.FrameId, FrameIdOf(frame));
        Assert.Equal(0xFFD8, (frame.Data.Span[0] << 8) | frame.Data.Span[1]);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.5.1")]
    public async Task Screenshot_AfterTheScreenChanged_ShowsTheNewState(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using var before = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        screen.Caption = "after the click";
        var changed = screen.FrameId;
        using var after = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.True(FrameIdOf(before) < changed);
        Assert.Equal(changed, FrameIdOf(after));
    }

    [Fact]
    public async Task StaticScreenWithFrameDetection_StillGivesAFrame_AndDetectionIsRestored()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        Assert.True(screen.FrameDetection);

        using var first = await device.Client.Video.GetScreenshotAsync(Quick, ct);
        using var second = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal(screen.FrameId, FrameIdOf(first));
        Assert.Equal(screen.FrameId, FrameIdOf(second));
        Assert.True(screen.FrameDetection);
        Assert.Contains(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg/detect");
    }

    [Fact]
    public async Task StaticScreen_WithoutTheBypass_TimesOut()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var options = new ScreenshotOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            StaticScreenGrace = TimeSpan.FromMilliseconds(200),
            BypassFrameDetection = false,
        };

        await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.GetScreenshotAsync(options, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg/detect");
    }

    [Fact]
    public async Task StaticScreen_WithDetectionSwitchedOffByTheClient_NeedsNoBypass()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);

        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.False(device.Emulator.Host.Screen.FrameDetection);
        Assert.Single(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg/detect");
    }

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.0")]
    [InlineData("2.5.1")]
    public async Task NoHdmiSignal_TimesOutWithAnHdmiMessage(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        device.Emulator.Host.Screen.HasSignal = false;
        var options = new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(2), StaticScreenGrace = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.GetScreenshotAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("HDMI", ex.Message, StringComparison.Ordinal);
        Assert.Equal(-1, device.Emulator.Host.Screen.GetCaptureStatus("mjpeg")!.Result);
        Assert.True(device.Emulator.Host.Screen.FrameDetection);
    }

    [Fact]
    public async Task NoHdmiSignal_OnFirmwareThatReportsIt_FailsWithoutTouchingFrameDetection()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        device.Emulator.Host.Screen.HasSignal = false;
        var options = new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(5), StaticScreenGrace = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.GetScreenshotAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("no HDMI signal", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg/detect");
    }

    [Fact]
    public async Task AfterAnIdleCaptureStop_TheStaleWarmUpFrameIsNotReturned()
    {
        await using var device = await EmulatedDevice.StartAsync(
            FirmwareProfile.V2_5_0, configureClient: o => o.Video.StreamLinger = TimeSpan.Zero);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);
        using (await device.Client.Video.GetScreenshotAsync(Quick, ct))
        {
        }

        await WaitUntilAsync(() => screen.Viewers == 0);
        screen.StopCaptureForIdle();
        screen.Caption = "changed while capture was idle";
        var current = screen.FrameId;

        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal(current, FrameIdOf(frame));
    }

    [Fact]
    public async Task AfterAnIdleCaptureStop_TheRawStreamDoesStartWithTheStaleFrame()
    {
        // Proves the previous test is meaningful: the emulated device really sends old content first.
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);
        long staleId = -1;
        await foreach (var frame in device.Client.Video.GetFramesAsync(ct))
        {
            using (frame)
            {
                staleId = FrameIdOf(frame);
                break;
            }
        }

        await WaitUntilAsync(() => screen.Viewers == 0);
        screen.StopCaptureForIdle();
        screen.Caption = "changed while capture was idle";

        await foreach (var frame in device.Client.Video.GetFramesAsync(ct))
        {
            using (frame)
            {
                Assert.Equal(staleId, FrameIdOf(frame));
                Assert.NotEqual(screen.FrameId, FrameIdOf(frame));
                break;
            }
        }
    }

    [Fact]
    public async Task Settle_TheFrameArrivesAtLeastTheSettleDelayAfterTheLastInput()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        var settle = TimeSpan.FromMilliseconds(400);

        var inputAt = DateTimeOffset.UtcNow;
        device.Client.Video.NotifyInput();
        using var frame = await device.Client.Video.GetScreenshotAsync(
            new ScreenshotOptions { SettleDelay = settle, StaticScreenGrace = TimeSpan.FromMilliseconds(300) }, ct);

        Assert.True(frame.ReceivedAt - inputAt >= settle, $"frame received {(frame.ReceivedAt - inputAt).TotalMilliseconds} ms after input");
    }

    [Fact]
    public async Task ConcurrentScreenshots_ShareOneStream()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);

        var frames = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => device.Client.Video.GetScreenshotAsync(Quick, ct)));

        Assert.All(frames, f => Assert.Equal(device.Emulator.Host.Screen.FrameId, FrameIdOf(f)));
        Assert.Single(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg");
        foreach (var frame in frames)
        {
            frame.Dispose();
        }
    }

    [Fact]
    public async Task DeviceRestart_WhileTheSharedStreamIsOpen_NextScreenshotReconnects()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using (await device.Client.Video.GetScreenshotAsync(Quick, ct))
        {
        }

        device.Emulator.Restart();
        screen.Caption = "after restart";
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal(screen.FrameId, FrameIdOf(frame));
        Assert.True(device.Emulator.Requests.Entries.Count(r => r.Path == "/api/stream/mjpeg") >= 2);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.4.x")]
    public async Task FramesAboveMaxFrameBytes_FailTheStreamWithAClearError_AndTheClientStaysUsable(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile), configureClient: o => o.Video.MaxFrameBytes = 1024);
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct); // a static screen would otherwise send the new stream nothing

        var screenshot = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Video.GetScreenshotAsync(Quick, ct));
        var stream = await Assert.ThrowsAsync<NanoKvmException>(async () =>
        {
            await foreach (var frame in device.Client.Video.GetFramesAsync(ct))
            {
                frame.Dispose();
            }
        });
        var info = await device.Client.Device.GetInfoAsync(ct);

        Assert.Contains("MaxFrameBytes", screenshot.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFrameBytes", stream.Message, StringComparison.Ordinal);
        Assert.Equal(device.Emulator.Profile.Application, info.Application);
    }

    [Fact]
    public async Task BadOptions_FailBeforeAnythingIsSent()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Video.GetScreenshotAsync(new ScreenshotOptions { Timeout = TimeSpan.Zero }, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Video.GetScreenshotAsync(new ScreenshotOptions { SettleDelay = TimeSpan.FromSeconds(-1) }, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Video.WaitForStableAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), cancellationToken: ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached");
    }
}
