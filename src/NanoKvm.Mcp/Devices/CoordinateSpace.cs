namespace NanoKvm.Mcp.Devices;

/// <summary>Where the size that pixel coordinates are read against came from.</summary>
internal enum CoordinateSource
{
    /// <summary>The latest screenshot the model received (its image pixels, crop and scale included).</summary>
    Screenshot,

    /// <summary>The device's current capture size, learned from a fresh frame because no screenshot was taken yet.</summary>
    CaptureSize,

    /// <summary>The screen size configured for the device (the capture size could not be learned).</summary>
    ConfiguredSize,
}

/// <summary>The view pixel coordinates are read in, and where its size came from.</summary>
/// <param name="View">The view: for a screenshot, what the model was shown; otherwise the full frame.</param>
/// <param name="Source">Where the size came from.</param>
internal sealed record CoordinateSpace(ScreenView View, CoordinateSource Source);
