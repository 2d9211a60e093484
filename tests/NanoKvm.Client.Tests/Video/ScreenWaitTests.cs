using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>"Wait until the screen changes" and "wait until it is stable", compared by content hash.</summary>
public sealed class ScreenWaitTests
{
    private static readonly ScreenshotOptions Quick = new() { StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    private static long FrameIdOf(VideoFrame frame) => JpegComment.ReadFrameId(frame.Data.Span)!.Value;

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.5.1")]
    public async Task WaitForChange_ReturnsTheFirstFrameShowingTheChange(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using var before = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        var waiting = device.Client.Video.WaitForChangeAsync(before, TimeSpan.FromSeconds(10), Quick, ct);
        screen.Caption = "a dialog opened";
        using var changed = await waiting;

        Assert.Equal(screen.FrameId, FrameIdOf(changed));
        Assert.NotEqual(before.ContentHash, changed.ContentHash);
    }

    [Fact]
    public async Task WaitForChange_WithoutReference_ComparesWithTheScreenAtTheCall()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;

        var waiting = device.Client.Video.WaitForChangeAsync(null, TimeSpan.FromSeconds(10), Quick, ct);
        // The reference is taken once the static-screen bypass switched frame detection off and on again.
        await ScreenshotTests.WaitUntilAsync(() => device.Emulator.Requests.Count("/api/stream/mjpeg/detect") == 2);
        screen.Caption = "changed";
        var expected = screen.FrameId;
        using var changed = await waiting;

        Assert.Equal(expected, FrameIdOf(changed));
    }

    [Fact]
    public async Task WaitForChange_CountsAChangeThatArrivedBeforeTheCall()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using var before = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        screen.Caption = "changed before the wait";
        var expected = screen.FrameId;
        await ScreenshotTests.WaitUntilAsync(() => screen.LastSentFrameId == expected);
        using var changed = await device.Client.Video.WaitForChangeAsync(before, TimeSpan.FromSeconds(10), Quick, ct);

        Assert.Equal(expected, FrameIdOf(changed));
    }

    [Fact]
    public async Task WaitForChange_OnAStaticScreen_TimesOut()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        using var before = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        var ex = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.WaitForChangeAsync(before, TimeSpan.FromMilliseconds(800), Quick, ct));

        Assert.Contains("did not change", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WaitForStable_ReturnsTheFrameOnceChangesStop(bool frameDetection)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(frameDetection, ct);
        using var changes = new CancellationTokenSource();
        var animation = Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                screen.Caption = "progress " + i;
                await Task.Delay(80, ct);
            }
        }, ct);

        using var stable = await device.Client.Video.WaitForStableAsync(TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(30), Quick, ct);
        var finishedFirst = animation.IsCompleted;
        await animation;

        Assert.True(finishedFirst, "the wait returned while the screen was still changing");
        Assert.Equal(screen.FrameId, FrameIdOf(stable));
    }

    [Fact]
    public async Task WaitForStable_WhileTheScreenKeepsChanging_TimesOut()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var screen = device.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var animation = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                screen.Caption = "spinner " + i;
                await Task.Delay(40, CancellationToken.None);
            }
        }, CancellationToken.None);

        try
        {
            await Assert.ThrowsAsync<NanoKvmTimeoutException>(() =>
                device.Client.Video.WaitForStableAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), Quick, ct));
        }
        finally
        {
            await stop.CancelAsync();
            await animation;
        }
    }
}
