namespace NanoKvm.Imaging;

/// <summary>How much two frames of the same size differ.</summary>
/// <param name="ChangedPixels">Number of pixels where some channel differs by more than the threshold.</param>
/// <param name="ChangedFraction">ChangedPixels divided by the pixel count, 0 to 1.</param>
/// <param name="ChangedBounds">The smallest rectangle holding every changed pixel, or null when nothing changed.</param>
public sealed record FrameDifference(int ChangedPixels, double ChangedFraction, PixelRect? ChangedBounds)
{
    /// <summary>Whether any pixel changed.</summary>
    public bool HasChanges => ChangedPixels > 0;
}
