using NanoKvm.Client.Media;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Client.Tests.Media;

public sealed class MediaTests
{
    private const string Iso = "/data/ubuntu-24.04-live-server-amd64.iso";
    private const string Img = "/data/memtest86-usb.img";
    private const string MountPath = "/api/storage/image/mount";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task ListImages_ReturnsTheImagesUnderData(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        var images = await device.Client.Media.ListImagesAsync(Ct);

        Assert.Equal([Img, Iso], images);
    }

    [Fact]
    public async Task ListImages_IsEmpty_WhenTheDeviceSendsNull()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Images.Clear());

        var images = await device.Client.Media.ListImagesAsync(Ct);

        Assert.Empty(images);
        Assert.Null(await device.Client.Media.GetMountedImageAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task MountAsCdRom_ThenUnmount(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var media = device.Client.Media;

        await media.MountAsync(Iso, MountMode.CdRom, cancellationToken: Ct);

        Assert.Equal(Iso, await media.GetMountedImageAsync(Ct));
        Assert.True(await media.IsCdRomModeAsync(Ct));
        Assert.True(device.Emulator.Storage.ReadOnly);

        await media.UnmountAsync(Ct);

        Assert.Null(await media.GetMountedImageAsync(Ct));
        Assert.False(await media.IsCdRomModeAsync(Ct));
        Assert.Equal(2, device.Emulator.Storage.UsbReenumerations);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public async Task BrokenReply_IsANanoKvmException_AndTheClientStaysUsable(int status)
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.LoginAsync(Ct);
        device.Emulator.Faults.FailNext(1, status, "/api/storage/image");

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Media.ListImagesAsync(Ct));

        Assert.Equal("GET /api/storage/image", error.Endpoint);
        Assert.Equal((System.Net.HttpStatusCode)status, error.StatusCode);
        Assert.Equal(2, (await device.Client.Media.ListImagesAsync(Ct)).Count);
    }

    [Fact]
    public async Task Mount_OfAnUnlistedPath_IsRefusedBeforeAnyMountRequest()
    {
        await using var device = await EmulatedDevice.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => device.Client.Media.MountAsync("/data/not-there.iso", cancellationToken: Ct));

        Assert.Contains("does not list", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count(MountPath));
        Assert.Null(device.Emulator.Storage.MountedImage);
    }

    [Fact]
    public async Task Mount_OfAnUnlistedPath_IsSent_WhenTheCallerOptsOut_AndTheDeviceAnswersMinus2()
    {
        await using var device = await EmulatedDevice.StartAsync();

        var error = await Assert.ThrowsAsync<NanoKvmException>(
            () => device.Client.Media.MountAsync("/data/not-there.iso", allowUnlisted: true, cancellationToken: Ct));

        Assert.Equal(-2, error.DeviceCode);
        Assert.Equal("POST " + MountPath, error.Endpoint);
        Assert.Equal(1, device.Emulator.Requests.Count(MountPath));
        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/image", "GET"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative.iso")]
    public async Task Mount_RefusesABadPathBeforeSending(string path)
    {
        await using var device = await EmulatedDevice.StartAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => device.Client.Media.MountAsync(path, cancellationToken: Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task SwitchingFromCdRomToDisk_UnmountsFirst()
    {
        await using var device = await EmulatedDevice.StartAsync();
        var media = device.Client.Media;
        await media.MountAsync(Iso, MountMode.CdRom, cancellationToken: Ct);

        await media.MountAsync(Img, MountMode.Disk, cancellationToken: Ct);

        Assert.Equal(
            [new MountRequest(Iso, true), new MountRequest(string.Empty, false), new MountRequest(Img, false)],
            device.Emulator.Storage.MountRequests);
        Assert.False(device.Emulator.Storage.CdRom);
        Assert.False(device.Emulator.Storage.ReadOnly);
        Assert.Equal(Img, await media.GetMountedImageAsync(Ct));
    }

    [Fact]
    public async Task DiskToDisk_NeedsNoUnmount()
    {
        await using var device = await EmulatedDevice.StartAsync();
        var media = device.Client.Media;

        await media.MountAsync(Img, MountMode.Disk, cancellationToken: Ct);
        await media.MountAsync(Iso, MountMode.Disk, cancellationToken: Ct);

        Assert.Equal([new MountRequest(Img, false), new MountRequest(Iso, false)], device.Emulator.Storage.MountRequests);
    }

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.4.x")]
    [InlineData("2.5.1")]
    public async Task DeleteImage_RemovesIt(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        await device.Client.Media.DeleteImageAsync(Img, Ct);

        Assert.Equal([Iso], await device.Client.Media.ListImagesAsync(Ct));
    }

    [Fact]
    public async Task DeleteImage_IsUnsupportedBefore230_WithoutSending()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Media.DeleteImageAsync(Img, Ct));

        Assert.Equal(new FirmwareVersion(2, 3, 0), error.RequiredVersion);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/image/delete"));
        Assert.Contains(Img, device.Emulator.Storage.Images.Keys);
    }

    [Theory]
    [InlineData("/data/missing.iso")]
    [InlineData("/etc/passwd")]
    [InlineData("/data/notes.txt")]
    [InlineData("/data/UPPER.ISO")]
    public async Task DeleteImage_RefusesPathsTheDeviceWouldNotDelete(string path)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);

        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Media.DeleteImageAsync(path, Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/image/delete"));
    }

    [Fact]
    public async Task UserRole_IsForbiddenFromStorage_OnMultiUserFirmware()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();
        var media = device.Client.Media;

        var error = await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => media.ListImagesAsync(Ct));
        await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => media.GetMountedImageAsync(Ct));
        await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => media.MountAsync(Iso, allowUnlisted: true, cancellationToken: Ct));
        await Assert.ThrowsAsync<NanoKvmForbiddenException>(
            () => media.DownloadImageAsync(new Uri("http://example.test/a.iso"), cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Null(device.Emulator.Storage.MountedImage);
    }

    [Fact]
    public async Task UserAccount_HasFullAccess_BeforeRolesExisted()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync(FirmwareProfile.V2_5_0);

        Assert.Equal(2, (await device.Client.Media.ListImagesAsync(Ct)).Count);
    }

    [Fact]
    public async Task HidOnlyMode_ReportsNothingMounted()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.Media.MountAsync(Iso, cancellationToken: Ct);

        await device.Client.Device.SetHidModeAsync(NanoKvm.Client.Device.HidMode.HidOnly, Ct);

        Assert.Null(await device.Client.Media.GetMountedImageAsync(Ct));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IsDownloadEnabled_ReflectsWhetherDataIsWritable(bool enabled)
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.DownloadEnabled = enabled);

        Assert.Equal(enabled, await device.Client.Media.IsDownloadEnabledAsync(Ct));
    }
}
