namespace NanoKvm.Emulator.Hid;

/// <summary>Limits of the device's HID pipeline.</summary>
public static class HidConnectionLimits
{
    /// <summary>Reports each connection may queue per device (keyboard, mouse) before the reader stops reading.</summary>
    public const int DeviceQueue = 200;
}
