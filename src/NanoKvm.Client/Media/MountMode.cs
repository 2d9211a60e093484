namespace NanoKvm.Client.Media;

/// <summary>How the host sees a mounted image.</summary>
public enum MountMode
{
    /// <summary>A read-only USB CD/DVD drive: the usual way to boot an installer ISO.</summary>
    CdRom,

    /// <summary>A writable USB disk (flash-drive style); for <c>.img</c> disk images.</summary>
    Disk,

    /// <summary>A read-only USB disk (NanoKVM-Pro only: its mount takes <c>readOnly</c> apart from <c>cdrom</c>).</summary>
    ReadOnlyDisk,
}
