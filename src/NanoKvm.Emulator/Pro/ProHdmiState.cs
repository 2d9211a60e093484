namespace NanoKvm.Emulator.Pro;

/// <summary>
/// The Pro's HDMI switches (<c>/proc/lt6911_info/power</c> and <c>loopout_power</c>, <c>service/vm/hdmi.go</c> @1.2.15)
/// and the selected EDID preset. Not persisted across a restart, as on the device.
/// </summary>
public sealed class ProHdmiState
{
    /// <summary>HDMI capture on (the LT6911 is powered).</summary>
    public bool CaptureEnabled { get; internal set; } = true;

    /// <summary>HDMI loop-out (passthrough) on.</summary>
    public bool PassthroughEnabled { get; internal set; }

    /// <summary>The EDID preset or custom file name.</summary>
    public string Edid { get; internal set; } = "E54-1080P60FPS";
}
