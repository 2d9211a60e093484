namespace NanoKvm.Client.Hid;

/// <summary>A mouse button; the values are the HID button bits.</summary>
public enum MouseButton
{
    /// <summary>Primary (left) button.</summary>
    Left = 0x01,

    /// <summary>Secondary (right) button.</summary>
    Right = 0x02,

    /// <summary>Middle button (wheel click).</summary>
    Middle = 0x04,

    /// <summary>Back (button 4). Absolute pointer only, firmware 2.3.2 or later.</summary>
    Back = 0x08,

    /// <summary>Forward (button 5). Absolute pointer only, firmware 2.3.2 or later.</summary>
    Forward = 0x10,
}

/// <summary>Which of the device's two pointers carries the input.</summary>
public enum MouseMode
{
    /// <summary>
    /// The absolute pointer (a tablet-like device, 0…32767 on both axes): exact positions, no acceleration. Most
    /// operating systems; many BIOS/UEFI setup screens ignore it.
    /// </summary>
    Absolute,

    /// <summary>
    /// The relative boot mouse (deltas of ±127 per report, three buttons): works in BIOS/UEFI, but the host's pointer
    /// acceleration makes positions approximate.
    /// </summary>
    Relative,
}
