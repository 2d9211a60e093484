namespace NanoKvm.Client.Media;

// Firmware 2.2.0 mounts by file name: server/service/storage/image.go MountImage (tag 2.2.0, lines 77–82) sets the LUN's
// ro and cdrom flags to 1 when the lower-cased path ends in ".iso" and to 0 otherwise; its request has no cdrom field
// (server/proto/storage.go). A mode the name contradicts would be silently ignored, so it is refused before sending.
public partial class MediaClient
{
    private static readonly FirmwareVersion CdRomFlagVersion = new(2, 2, 1);

    private static bool IsIsoName(string path) => path.EndsWith(".iso", StringComparison.OrdinalIgnoreCase);

    private static void RequireModeMatchesSuffix(string imagePath, MountMode mode, FirmwareCapabilities capabilities)
    {
        var iso = IsIsoName(imagePath);
        if (mode == MountMode.Disk && iso)
        {
            throw new NanoKvmUnsupportedException(
                $"Mounting the .iso file '{imagePath}' as a disk (this firmware mounts every .iso as a read-only CD-ROM, by its name)",
                CdRomFlagVersion,
                capabilities.Version);
        }

        if (mode == MountMode.CdRom && !iso)
        {
            throw new NanoKvmUnsupportedException(
                $"Mounting '{imagePath}' as a CD-ROM (this firmware makes only .iso files CD-ROMs, by their name; MountMode.Disk works here)",
                CdRomFlagVersion,
                capabilities.Version);
        }
    }
}
