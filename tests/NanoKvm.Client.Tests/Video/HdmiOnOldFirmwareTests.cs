using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>
/// The HDMI reset is routed on every 2.x release; only the state and enable/disable calls arrived in 2.2.8.
/// </summary>
public sealed class HdmiOnOldFirmwareTests
{
    private static readonly ScreenshotOptions Quick = new() { StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.3.0")]
    public async Task Reset_RestartsCapture_AndTheNextScreenshotIsCurrent(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var screen = device.Emulator.Host.Screen;
        await device.Client.Video.SetFrameDetectionAsync(false, Ct);
        using (await device.Client.Video.GetScreenshotAsync(Quick, Ct))
        {
        }

        await device.Client.Device.ResetHdmiAsync(Ct);
        screen.Caption = "after reset";
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, Ct);

        Assert.Equal(1, device.Emulator.Requests.Count("/api/vm/hdmi/reset"));
        Assert.Equal(screen.FrameId, JpegComment.ReadFrameId(frame.Data.Span));
        Assert.True(screen.IsCapturing);
    }

    [Fact]
    public async Task On220_StateAndEnable_AreRefusedBeforeSending()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);

        var state = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Device.GetHdmiStateAsync(Ct));
        var enable = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Device.EnableHdmiAsync(Ct));

        Assert.Equal(new FirmwareVersion(2, 2, 8), state.RequiredVersion);
        Assert.Equal(new FirmwareVersion(2, 2, 8), enable.RequiredVersion);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/hdmi"));
    }
}
