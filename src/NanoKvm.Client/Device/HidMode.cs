namespace NanoKvm.Client.Device;

/// <summary>What the NanoKVM presents to the host over USB (<c>/api/hid/mode</c>, 2.2.5+).</summary>
public enum HidMode
{
    /// <summary>Keyboard, mouse, virtual disk and virtual network (<c>normal</c>).</summary>
    Normal,

    /// <summary>Keyboard and mouse only, for BIOSes that reject composite devices (<c>hid-only</c>); no virtual media.</summary>
    HidOnly,
}
