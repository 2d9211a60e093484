namespace NanoKvm.Mcp.Devices;

/// <summary>
/// What the model last saw of a device's screen: the full frame size, the part of it that was shown (all of it,
/// or a crop) and the size of the image the model received. Pixel coordinates in later calls are read in that
/// image's space.
/// </summary>
/// <param name="FrameWidth">Width of the captured frame (the target's video mode).</param>
/// <param name="FrameHeight">Height of the captured frame.</param>
/// <param name="Region">The part of the frame that was shown, in frame pixels.</param>
/// <param name="ImageWidth">Width of the image handed to the model.</param>
/// <param name="ImageHeight">Height of the image handed to the model.</param>
internal sealed record ScreenView(int FrameWidth, int FrameHeight, PixelRect Region, int ImageWidth, int ImageHeight)
{
    /// <summary>A view of a whole frame shown at its own size.</summary>
    public static ScreenView FullFrame(int width, int height) =>
        new(width, height, new PixelRect(0, 0, width, height), width, height);

    /// <summary>Image pixels per frame pixel (1 when not scaled; below 1 when downscaled).</summary>
    public double Scale => (double)ImageWidth / Region.Width;
}

/// <summary>A rectangle in pixels.</summary>
internal readonly record struct PixelRect(int X, int Y, int Width, int Height);
