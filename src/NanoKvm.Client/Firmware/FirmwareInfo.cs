namespace NanoKvm.Client;

/// <summary>The firmware the client talks to and what that implies on the wire.</summary>
public sealed class FirmwareInfo
{
    /// <summary>Creates firmware information.</summary>
    /// <param name="version">The parsed application version.</param>
    /// <param name="reportedVersion">The text the device reported, or the pinned text.</param>
    /// <param name="isPinned">True when the version came from options rather than the device.</param>
    public FirmwareInfo(FirmwareVersion version, string reportedVersion, bool isPinned)
        : this(DeviceModel.Cube, version, reportedVersion, isPinned)
    {
    }

    /// <summary>Creates firmware information for a device model.</summary>
    /// <param name="model">The device family.</param>
    /// <param name="version">The parsed application version.</param>
    /// <param name="reportedVersion">The text the device reported, or the pinned text.</param>
    /// <param name="isPinned">True when the version came from options rather than the device.</param>
    public FirmwareInfo(DeviceModel model, FirmwareVersion version, string reportedVersion, bool isPinned)
    {
        ArgumentNullException.ThrowIfNull(reportedVersion);
        Model = model;
        Version = version;
        ReportedVersion = reportedVersion;
        IsPinned = isPinned;
        Capabilities = FirmwareCapabilities.For(model, version);
    }

    /// <summary>The device family (Cube/PCIe/Lite or Pro/Desk).</summary>
    public DeviceModel Model { get; }

    /// <summary>The application version.</summary>
    public FirmwareVersion Version { get; }

    /// <summary>The version text as reported by the device (or configured).</summary>
    public string ReportedVersion { get; }

    /// <summary>True when <see cref="NanoKvmClientOptions.FirmwareVersion"/> pinned the version.</summary>
    public bool IsPinned { get; }

    /// <summary>What this version does on the wire.</summary>
    public FirmwareCapabilities Capabilities { get; }
}
