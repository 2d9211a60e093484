using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>
/// Frame detection ends in the requested state on every release: 2.2.0–2.2.2 only toggle it (and let it be read),
/// 2.2.3+ take the value and cannot be read, so the client reports what it set.
/// </summary>
public sealed class FrameDetectionTests
{
    private const string Detect = "/api/stream/mjpeg/detect";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly ScreenshotOptions Quick = new() { Timeout = TimeSpan.FromSeconds(10), StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.2.x")]
    [InlineData("2.3.0")]
    public async Task RepeatedSets_EndInTheRequestedState(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var video = device.Client.Video;
        var screen = device.Emulator.Host.Screen;

        foreach (var wanted in new[] { false, false, true, true, false })
        {
            await video.SetFrameDetectionAsync(wanted, Ct);

            Assert.Equal(wanted, screen.FrameDetection);
            Assert.Equal(wanted, (await video.GetFrameDetectionAsync(Ct)).Enabled);
        }
    }

    [Fact]
    public async Task On220_TheStateIsReadFromTheDevice_AndOnlyChangesAreSent()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var video = device.Client.Video;

        Assert.Equal(new FrameDetectionState(true, FrameDetectionSource.Device), await video.GetFrameDetectionAsync(Ct));
        await video.SetFrameDetectionAsync(true, Ct);
        await video.SetFrameDetectionAsync(false, Ct);
        await video.SetFrameDetectionAsync(false, Ct);

        // Three sets, one toggle: the device already had detection on, then off.
        Assert.Equal(1, device.Emulator.Requests.Entries.Count(r => r.Method == "POST" && r.Path == Detect));
        Assert.Equal(new FrameDetectionState(false, FrameDetectionSource.Device), await video.GetFrameDetectionAsync(Ct));
    }

    [Fact]
    public async Task On220_AChangeByAnotherViewer_IsSeen()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        await using var other = device.NewClient();
        await device.Client.Video.SetFrameDetectionAsync(true, Ct);

        await other.Video.SetFrameDetectionAsync(false, Ct);

        Assert.Equal(false, (await device.Client.Video.GetFrameDetectionAsync(Ct)).Enabled);
        await device.Client.Video.SetFrameDetectionAsync(true, Ct);
        Assert.True(device.Emulator.Host.Screen.FrameDetection);
    }

    [Theory]
    [InlineData("2.3.0")]
    [InlineData("2.5.1")]
    public async Task From223_TheClientReportsWhatItSet_AndNeverAsksTheDevice(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var video = device.Client.Video;

        Assert.Equal(new FrameDetectionState(null, FrameDetectionSource.Unknown), await video.GetFrameDetectionAsync(Ct));
        await video.SetFrameDetectionAsync(false, Ct);
        Assert.Equal(new FrameDetectionState(false, FrameDetectionSource.LastSetByThisClient), await video.GetFrameDetectionAsync(Ct));

        // A restart renews the session and turns detection back on: the client no longer claims to know.
        device.Emulator.Restart();
        await device.Client.Device.GetInfoAsync(Ct);
        Assert.Equal(new FrameDetectionState(null, FrameDetectionSource.Unknown), await video.GetFrameDetectionAsync(Ct));
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Method == "GET" && r.Path == Detect);
    }

    [Fact]
    public async Task On220_AStaticScreenScreenshot_SwitchesDetectionOffAndBackOn()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var screen = device.Emulator.Host.Screen;

        using var first = await device.Client.Video.GetScreenshotAsync(Quick, Ct);
        using var second = await device.Client.Video.GetScreenshotAsync(Quick, Ct);

        Assert.Equal(screen.FrameId, JpegComment.ReadFrameId(second.Data.Span));
        Assert.True(screen.FrameDetection);
        // Each bypass toggles off and back on (the first screenshot may need one too: a new stream's first frame is
        // discarded), so the toggles come in pairs.
        var toggles = device.Emulator.Requests.Entries.Count(r => r.Method == "POST" && r.Path == Detect);
        Assert.True(toggles >= 2 && toggles % 2 == 0, $"{toggles} toggles");
    }

    [Fact]
    public async Task On220_AfterRepeatedOffs_AStaticScreenScreenshotStillArrives()
    {
        // The reported failure: "off, off" toggled the device back on while the client believed it off, so the
        // screenshot skipped the bypass and timed out on the static screen.
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var options = new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(2), StaticScreenGrace = TimeSpan.FromMilliseconds(300) };
        await device.Client.Video.SetFrameDetectionAsync(false, Ct);
        await device.Client.Video.SetFrameDetectionAsync(false, Ct);

        using var first = await device.Client.Video.GetScreenshotAsync(options, Ct);
        using var second = await device.Client.Video.GetScreenshotAsync(options, Ct);

        Assert.Equal(device.Emulator.Host.Screen.FrameId, JpegComment.ReadFrameId(second.Data.Span));
        Assert.False(device.Emulator.Host.Screen.FrameDetection);
    }

    [Fact]
    public async Task On220_ABypassThatFindsDetectionOff_LeavesItAlone()
    {
        // Another viewer switched detection off; a silent stream (no signal) sends this client into the bypass,
        // which must neither toggle it on nor "restore" it to on.
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        await using var other = device.NewClient();
        await other.Video.SetFrameDetectionAsync(false, Ct);
        device.Emulator.Requests.Clear();
        device.Emulator.Host.Screen.HasSignal = false;
        var options = new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(1), StaticScreenGrace = TimeSpan.FromMilliseconds(200) };

        await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.GetScreenshotAsync(options, Ct));

        Assert.False(device.Emulator.Host.Screen.FrameDetection);
        Assert.Contains(device.Emulator.Requests.Entries, r => r.Method == "GET" && r.Path == Detect);
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Method == "POST" && r.Path == Detect);
    }

    [Fact]
    public async Task On220_APause_IsMadeByTheClient_AndEndsWithDetectionOn()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var screen = device.Emulator.Host.Screen;
        var seenOff = false;

        var pause = device.Client.Video.PauseFrameDetectionAsync(TimeSpan.FromSeconds(1), Ct);
        while (!pause.IsCompleted)
        {
            seenOff |= !screen.FrameDetection;
            await Task.Delay(10, Ct);
        }

        await pause;
        Assert.True(seenOff);
        Assert.True(screen.FrameDetection);
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Path == Detect + "/stop");
    }
}
