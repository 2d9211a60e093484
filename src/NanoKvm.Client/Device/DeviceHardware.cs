namespace NanoKvm.Client.Device;

/// <summary>NanoKVM hardware generations (<c>GET /api/vm/hardware</c>).</summary>
public enum HardwareVersion
{
    /// <summary>A value this SDK does not know; see <see cref="DeviceHardware.Raw"/>.</summary>
    Unknown,

    /// <summary>First-generation NanoKVM (Cube). The only one that reads the host's HDD LED.</summary>
    Alpha,

    /// <summary>Second-generation NanoKVM (Cube/Lite).</summary>
    Beta,

    /// <summary>The PCIe card version. HDMI can be switched off only on this one.</summary>
    Pcie,

    /// <summary>NanoKVM-Pro, Desk or ATX (the device answers <c>Pro</c> for all three).</summary>
    Pro,
}

/// <summary>The hardware the NanoKVM reports.</summary>
/// <param name="Version">The generation.</param>
/// <param name="Raw">The text the device sent, e.g. <c>Beta</c>.</param>
public sealed record DeviceHardware(HardwareVersion Version, string Raw);
