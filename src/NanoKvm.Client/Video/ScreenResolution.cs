namespace NanoKvm.Client.Video;

/// <summary>Capture output resolutions the device supports; the value is the output height it is set by.</summary>
public enum ScreenResolution
{
    /// <summary>Follow the HDMI input resolution (the device default).</summary>
    Auto = 0,

    /// <summary>640×480.</summary>
    R640x480 = 480,

    /// <summary>800×600.</summary>
    R800x600 = 600,

    /// <summary>1280×720.</summary>
    R1280x720 = 720,

    /// <summary>1920×1080.</summary>
    R1920x1080 = 1080,
}
