using NanoKvm.Client.Media;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>Pro storage: {file, cdrom, readOnly}, files:null, /sdcard, downloads, HDMI switches.</summary>
public sealed class ProStorageTests
{
    private const string SdImage = "/sdcard/debian-12.iso";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Images_UnderDataAndSdcard_AreListed_AndNullFilesIsEmpty()
    {
        await using var device = await ProDevice.StartAsync(configureEmulator: o => o.Images[SdImage] = 1_000_000);
        await using var empty = await ProDevice.StartAsync(configureEmulator: o => o.Images.Clear());

        var images = await device.Client.Media.ListImagesAsync(Ct);
        var none = await empty.Client.Media.ListImagesAsync(Ct);

        Assert.Contains(SdImage, images);
        Assert.Contains("/data/memtest86-usb.img", images);
        Assert.Empty(none);
    }

    [Theory]
    [InlineData(MountMode.CdRom, true, true)]
    [InlineData(MountMode.ReadOnlyDisk, false, true)]
    [InlineData(MountMode.Disk, false, false)]
    public async Task Mount_SendsCdromAndReadOnly_AndTheStateReadsThemBack(MountMode mode, bool cdrom, bool readOnly)
    {
        await using var device = await ProDevice.StartAsync(configureEmulator: o => o.Images[SdImage] = 1_000_000);

        await device.Client.Media.MountAsync(SdImage, mode, cancellationToken: Ct);
        var state = await device.Client.Media.GetMountStateAsync(Ct);
        var isCdRom = await device.Client.Media.IsCdRomModeAsync(Ct);

        Assert.Equal(new MountState(SdImage, cdrom, readOnly), state);
        Assert.Equal(cdrom, isCdRom);
        Assert.Equal(readOnly, device.Emulator.Storage.ReadOnly);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/cdrom"));
    }

    [Fact]
    public async Task SwitchingCdRomToDisk_NeedsNoUnmount_AndUnmountClearsTheFlags()
    {
        await using var device = await ProDevice.StartAsync();
        const string Image = "/data/memtest86-usb.img";

        await device.Client.Media.MountAsync(Image, MountMode.CdRom, cancellationToken: Ct);
        await device.Client.Media.MountAsync(Image, MountMode.Disk, cancellationToken: Ct);
        var disk = await device.Client.Media.GetMountStateAsync(Ct);
        await device.Client.Media.UnmountAsync(Ct);
        var none = await device.Client.Media.GetMountStateAsync(Ct);

        Assert.Equal(new MountState(Image, false, false), disk);
        Assert.Equal(new MountState(null, false, false), none);
        Assert.Equal(3, device.Emulator.Requests.Count("/api/storage/image/mount", "POST"));
    }

    [Fact]
    public async Task ReadOnlyDisk_OnACube_IsRefusedBeforeSending()
    {
        await using var device = await Infrastructure.EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(
            () => device.Client.Media.MountAsync("/data/memtest86-usb.img", MountMode.ReadOnlyDisk, cancellationToken: Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/image/mount"));
    }

    [Fact]
    public async Task Delete_UnderSdcard_Works()
    {
        await using var device = await ProDevice.StartAsync(configureEmulator: o => o.Images[SdImage] = 1_000_000);

        await device.Client.Media.DeleteImageAsync(SdImage, Ct);

        Assert.DoesNotContain(SdImage, device.Emulator.Storage.Images.Keys);
    }

    [Fact]
    public async Task Download_UsesTheStorageRoute_AndEndsWhenTheImageAppears()
    {
        await using var device = await ProDevice.StartAsync(configureEmulator: o => o.DownloadDuration = TimeSpan.FromSeconds(2));

        var status = await device.Client.Media.DownloadImageAsync(new Uri("http://mirror.example/isos/alpine.iso"), cancellationToken: Ct);

        Assert.Equal(ImageDownloadState.Succeeded, status.State);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/storage/download/image", "POST"));
        Assert.Contains("/data/alpine.iso", await device.Client.Media.ListImagesAsync(Ct));
        Assert.True(await device.Client.Media.IsDownloadEnabledAsync(Ct));
    }

    [Fact]
    public async Task Download_ChecksumAndCancel_AreRefusedNamingTheDevice()
    {
        await using var device = await ProDevice.StartAsync();

        var checksum = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Media.DownloadImageAsync(
            new Uri("http://mirror.example/a.iso"), new ImageDownloadOptions { Sha256 = new string('a', 64) }, cancellationToken: Ct));
        var cancel = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Media.CancelDownloadAsync(Ct));

        Assert.Contains("NanoKVM-Pro", checksum.Message, StringComparison.Ordinal);
        Assert.Contains("NanoKVM-Pro", cancel.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/storage/download"));
    }

    [Fact]
    public async Task HdmiCaptureAndPassthrough_Switch_AndTheCubeHdmiApiIsRefused()
    {
        await using var device = await ProDevice.StartAsync();

        await device.Client.Device.SetHdmiCaptureAsync(false, Ct);
        await device.Client.Device.SetHdmiPassthroughAsync(true, Ct);
        var capture = await device.Client.Device.GetHdmiCaptureAsync(Ct);
        var passthrough = await device.Client.Device.GetHdmiPassthroughAsync(Ct);
        var edid = await device.Client.Device.GetEdidAsync(Ct);
        var cube = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Device.GetHdmiStateAsync(Ct));

        Assert.False(capture);
        Assert.True(passthrough);
        Assert.Equal("E54-1080P60FPS", edid);
        Assert.Contains("SetHdmiCaptureAsync", cube.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/hdmi", "GET") - device.Emulator.Requests.Count("/api/vm/hdmi/", "GET"));
    }
}
