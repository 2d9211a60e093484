using NanoKvm.Client.Media;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Client.Tests.Media;

/// <summary>
/// Firmware 2.2.0 has no CD-ROM choice: MountImage makes every .iso a read-only CD-ROM and every other file a disk,
/// by name. The SDK mounts what the name allows and refuses, before sending, what it would silently get wrong.
/// </summary>
public sealed class MountByNameTests
{
    private const string Iso = "/data/ubuntu-24.04-live-server-amd64.iso";
    private const string Img = "/data/memtest86-usb.img";
    private const string MountPath = "/api/storage/image/mount";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On220_AnIsoMountsAsCdRom_AndTheModeIsReadFromItsName()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var media = device.Client.Media;

        await media.MountAsync(Iso, cancellationToken: Ct);

        Assert.Equal(Iso, await media.GetMountedImageAsync(Ct));
        Assert.True(device.Emulator.Storage.CdRom);
        Assert.True(device.Emulator.Storage.ReadOnly);
        Assert.True(await media.IsCdRomModeAsync(Ct));
        Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Path == "/api/storage/cdrom");
    }

    [Fact]
    public async Task On220_AnImgMountsAsDisk_StraightAfterACdRom()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);
        var media = device.Client.Media;
        await media.MountAsync(Iso, MountMode.CdRom, cancellationToken: Ct);

        await media.MountAsync(Img, MountMode.Disk, cancellationToken: Ct);

        // The name decides the flags on every mount, so no unmount is needed in between.
        Assert.Equal([new MountRequest(Iso, true), new MountRequest(Img, false)], device.Emulator.Storage.MountRequests);
        Assert.False(device.Emulator.Storage.CdRom);
        Assert.False(device.Emulator.Storage.ReadOnly);
        Assert.False(await media.IsCdRomModeAsync(Ct));
    }

    [Theory]
    [InlineData(Iso, MountMode.Disk)]
    [InlineData(Img, MountMode.CdRom)]
    public async Task On220_AModeTheNameContradicts_IsRefusedBeforeSending(string image, MountMode mode)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_2_0);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Media.MountAsync(image, mode, cancellationToken: Ct));

        Assert.Equal(new FirmwareVersion(2, 2, 1), error.RequiredVersion);
        Assert.Contains(image, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count(MountPath));
        Assert.Null(device.Emulator.Storage.MountedImage);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.0")]
    public async Task From221_AnIsoCanBeADisk(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        await device.Client.Media.MountAsync(Iso, MountMode.Disk, cancellationToken: Ct);

        Assert.Equal(Iso, device.Emulator.Storage.MountedImage);
        Assert.False(device.Emulator.Storage.CdRom);
    }
}
