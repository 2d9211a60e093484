using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>HDMI state, reset, enable/disable and idle timeout per firmware.</summary>
public sealed class HdmiTests
{
    private static readonly ScreenshotOptions Quick = new() { StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    [Theory]
    [InlineData("2.2.x", false, false)]
    [InlineData("2.3.1", false, false)]
    [InlineData("2.4.x", false, false)]
    [InlineData("2.5.0", false, true)]
    [InlineData("2.5.1", true, true)]
    public async Task State_ReportsWhatTheFirmwareKnows(string profile, bool hasSignal, bool hasIdleTimeout)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        var state = await device.Client.Device.GetHdmiStateAsync(TestContext.Current.CancellationToken);

        Assert.True(state.Enabled);
        Assert.Equal(hasSignal ? true : null, state.Signal);
        Assert.Equal(hasIdleTimeout ? TimeSpan.Zero : null, state.IdleTimeout);
    }

    [Fact]
    public async Task State_ShowsALostSignal()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        device.Emulator.Host.Screen.HasSignal = false;

        var state = await device.Client.Device.GetHdmiStateAsync(TestContext.Current.CancellationToken);

        Assert.False(state.Signal);
    }

    [Fact]
    public async Task DisableThenEnable_StopsAndRestoresFrames()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;

        await device.Client.Device.DisableHdmiAsync(ct);
        var disabled = await device.Client.Device.GetHdmiStateAsync(ct);
        var ex = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Video.GetScreenshotAsync(Quick, ct));
        await device.Client.Device.EnableHdmiAsync(ct);
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.False(disabled.Enabled);
        Assert.Contains("disabled", ex.Message, StringComparison.Ordinal);
        Assert.True(device.Emulator.Host.Screen.HdmiEnabled);
        Assert.Equal(800, frame.Width);
    }

    [Fact]
    public async Task EnableAndDisable_AreAdminOnlyOnMultiUserFirmware()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => device.Client.Device.DisableHdmiAsync(ct));
        await device.Client.Device.ResetHdmiAsync(ct);

        Assert.True(device.Emulator.Host.Screen.HdmiEnabled);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.5.1")]
    public async Task Reset_ReEnablesCapture_AndTheNextScreenshotIsCurrent(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var ct = TestContext.Current.CancellationToken;
        var screen = device.Emulator.Host.Screen;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);
        using (await device.Client.Video.GetScreenshotAsync(Quick, ct))
        {
        }

        await device.Client.Device.ResetHdmiAsync(ct);
        screen.Caption = "after reset";
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal(screen.FrameId, NanoKvm.Emulator.Video.JpegComment.ReadFrameId(frame.Data.Span));
        Assert.True(screen.IsCapturing);
    }

    [Fact]
    public async Task IdleTimeout_IsSetOn250_AndRefusedBeforeItWithoutARequest()
    {
        await using var modern = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);
        await using var older = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var ct = TestContext.Current.CancellationToken;

        await modern.Client.Device.SetHdmiIdleTimeoutAsync(TimeSpan.FromMinutes(15), ct);
        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => older.Client.Device.SetHdmiIdleTimeoutAsync(TimeSpan.FromMinutes(15), ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => modern.Client.Device.SetHdmiIdleTimeoutAsync(TimeSpan.FromSeconds(90), ct));

        Assert.Equal(15, modern.Emulator.Host.Screen.IdleTimeoutMinutes);
        Assert.Equal(TimeSpan.FromMinutes(15), (await modern.Client.Device.GetHdmiStateAsync(ct)).IdleTimeout);
        Assert.Equal(0, older.Emulator.Requests.Count("/api/vm/hdmi/timeout"));
    }
}
