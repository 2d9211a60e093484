using NanoKvm.Client.Device;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>Telling a NanoKVM-Pro from a Cube (and from a Pro in PiKVM mode), and the Pro capability model.</summary>
public sealed class ProDetectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pro_IsDetected_AndGetsTheProCapabilityModel_NotCubeVersionGates()
    {
        await using var device = await ProDevice.StartAsync();

        var firmware = await device.Client.GetFirmwareAsync(Ct);
        var caps = firmware.Capabilities;

        Assert.Equal(DeviceModel.Pro, firmware.Model);
        Assert.Equal(new FirmwareVersion(1, 2, 15), firmware.Version);
        Assert.Equal("NanoKVM-Pro 1.2.15", caps.DeviceName);

        // 1.2.15 < 2.3.2 but the Pro speaks binary HID; Cube gates would have said JSON.
        Assert.Equal(HidEncoding.BinaryReports, caps.HidEncoding);
        Assert.Equal(LoginPasswordEncoding.Plaintext, caps.PasswordEncoding);
        Assert.False(caps.HidHeartbeatRequired);
        Assert.False(caps.HasKeyboardLeds);
        Assert.False(caps.ReleasesHidOnDisconnect);
        Assert.False(caps.HasCaptureStatus);
        Assert.True(caps.MjpegTakesOverEncoder);
        Assert.False(caps.HasFrameDetection);
        Assert.False(caps.HasScreenSettings);
        Assert.True(caps.HasStreamSettings);
        Assert.Equal(["/data", "/sdcard"], caps.ImageDirectories);
        Assert.Equal(1024, caps.PasteLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(50), caps.PasteCharacterDelay);
        Assert.Equal(["us"], caps.PasteLanguages);
        Assert.False(caps.PasteStopsOnDisconnect);
        Assert.False(caps.HidModeSwitchReboots);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/stream/mode", "POST"));
    }

    [Fact]
    public async Task Cube_IsDetected_AsCube()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);

        var firmware = await device.Client.GetFirmwareAsync(Ct);

        Assert.Equal(DeviceModel.Cube, firmware.Model);
        Assert.True(firmware.Capabilities.HasScreenSettings);
        Assert.False(firmware.Capabilities.MjpegTakesOverEncoder);
    }

    [Fact]
    public async Task Pro_InfoAndHardware_ShowTheModel_PartNumberTrimmed()
    {
        await using var device = await ProDevice.StartAsync();

        var info = await device.Client.Device.GetInfoAsync(Ct);
        var hardware = await device.Client.Device.GetHardwareAsync(Ct);

        Assert.Equal("NxaL01507", info.PartNumber);
        Assert.Equal("aarch64", info.Architecture);
        Assert.Equal(HardwareVersion.Pro, hardware.Version);
        Assert.Equal("Pro", hardware.Raw);
    }

    [Fact]
    public async Task Pro_ProfileBoundary_124_IsJsonHidAndProObfuscated()
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Pro_1_2_4);

        var caps = (await device.Client.GetFirmwareAsync(Ct)).Capabilities;

        Assert.Equal(HidEncoding.JsonArrays, caps.HidEncoding);
        Assert.Equal(LoginPasswordEncoding.ProObfuscated, caps.PasswordEncoding);
        Assert.False(caps.HasStreamRateControl);
        Assert.False(caps.HasStreamFps);
    }

    [Fact]
    public async Task PiKvmMode_GivesOneClearError()
    {
        await using var device = await ProDevice.StartAsync(configureEmulator: o => o.PiKvmMode = true);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.LoginAsync(Ct));

        Assert.Contains("PiKVM", error.Message, StringComparison.Ordinal);
        Assert.Contains("NanoKVM mode", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Fact]
    public async Task PinnedModel_SkipsTheProbe()
    {
        await using var device = await ProDevice.StartAsync(configureClient: o => o.DeviceModel = DeviceModel.Pro);

        await device.Client.LoginAsync(Ct);

        Assert.Equal(0, device.Emulator.Requests.Count("/api/stream/mode"));
        Assert.Equal(0, device.Emulator.Requests.Count("/api/auth/check"));
        Assert.Equal(1, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Fact]
    public void PinnedOneDotVersion_MeansPro()
    {
        var info = new FirmwareInfo(DeviceModel.Pro, FirmwareVersion.Parse("1.2.6"), "1.2.6", isPinned: true);

        Assert.Equal(HidEncoding.BinaryReports, info.Capabilities.HidEncoding);
        Assert.True(info.Capabilities.EmptyHidFrameDropsSocket);
        Assert.False(FirmwareCapabilities.For(DeviceModel.Pro, new FirmwareVersion(1, 2, 15)).EmptyHidFrameDropsSocket);
    }
}
