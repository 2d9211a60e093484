using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Firmware;

public sealed class FirmwareDetectionTests
{
    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task Detects_TheVersionEachProfileReports(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        var firmware = await device.Client.GetFirmwareAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FirmwareVersion.Parse(device.Emulator.Profile.Application), firmware.Version);
        Assert.False(firmware.IsPinned);
        Assert.Equal(
            device.Emulator.Profile.BinaryHid ? HidEncoding.BinaryReports : HidEncoding.JsonArrays,
            firmware.Capabilities.HidEncoding);
        Assert.Equal(
            device.Emulator.Profile.LoginSetsCookieOnly ? LoginTokenStyle.HttpOnlyCookie : LoginTokenStyle.ResponseBody,
            firmware.Capabilities.LoginTokenStyle);
        Assert.Equal(device.Emulator.Profile.MjpegContentLength, firmware.Capabilities.MjpegHasContentLength);
    }

    [Fact]
    public async Task Detection_IsCached()
    {
        await using var device = await EmulatedDevice.StartAsync();

        await device.Client.GetFirmwareAsync(TestContext.Current.CancellationToken);
        await device.Client.GetFirmwareAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, device.Emulator.Requests.Count("/api/vm/info"));
    }

    [Fact]
    public async Task PinnedVersion_SendsNoRequest()
    {
        await using var device = await EmulatedDevice.StartAsync(configureClient: o => o.FirmwareVersion = "2.3.1");

        var firmware = await device.Client.GetFirmwareAsync(TestContext.Current.CancellationToken);

        Assert.True(firmware.IsPinned);
        Assert.Equal(HidEncoding.JsonArrays, firmware.Capabilities.HidEncoding);
        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Theory]
    [InlineData("2.5.0", 2, 5, 0)]
    [InlineData("v2.4.3", 2, 4, 3)]
    [InlineData("2.3.1-beta", 2, 3, 1)]
    [InlineData("2.2", 2, 2, 0)]
    public void Parse_AcceptsTheFormsDevicesReport(string text, int major, int minor, int patch)
    {
        Assert.Equal(new FirmwareVersion(major, minor, patch), FirmwareVersion.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("2")]
    public void Parse_RejectsNonVersions(string text)
    {
        Assert.Throws<FormatException>(() => FirmwareVersion.Parse(text));
    }

    [Fact]
    public void Capabilities_SwitchAtTheDocumentedVersions()
    {
        Assert.Equal(HidEncoding.JsonArrays, FirmwareCapabilities.For(new(2, 3, 1)).HidEncoding);
        Assert.Equal(HidEncoding.BinaryReports, FirmwareCapabilities.For(new(2, 3, 2)).HidEncoding);
        Assert.Equal(1024, FirmwareCapabilities.For(new(2, 4, 9)).PasteLimit);
        Assert.Equal(PasteLimitUnit.Utf8Bytes, FirmwareCapabilities.For(new(2, 4, 9)).PasteLimitUnit);
        Assert.Equal(833, FirmwareCapabilities.For(new(2, 5, 0)).PasteLimit);
        Assert.False(FirmwareCapabilities.For(new(2, 4, 9)).HidHeartbeatRequired);
        Assert.True(FirmwareCapabilities.For(new(2, 5, 0)).HidHeartbeatRequired);
        Assert.Equal(H264DirectFraming.JsonBase64, FirmwareCapabilities.For(new(2, 2, 9)).H264DirectFraming);
        Assert.Equal(H264DirectFraming.Binary, FirmwareCapabilities.For(new(2, 3, 0)).H264DirectFraming);
        Assert.Equal(LoginTokenStyle.HttpOnlyCookie, FirmwareCapabilities.For(new(3, 0, 0)).LoginTokenStyle);
    }
}
