using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;
using DevicePixelRect = NanoKvm.Mcp.Devices.PixelRect;

namespace NanoKvm.Mcp.Screenshots;

/// <summary>
/// Turns a device frame into the image handed to the model: the device's own JPEG when it already fits and no crop
/// was asked for (no quality loss, no CPU), otherwise decoded, cropped, area-downscaled and re-encoded.
/// </summary>
internal static class ScreenshotRenderer
{
    /// <summary>The rendered image.</summary>
    /// <param name="Jpeg">JPEG bytes for the model.</param>
    /// <param name="Width">Its width.</param>
    /// <param name="Height">Its height.</param>
    /// <param name="Reencoded">False when the device's JPEG was passed through unchanged.</param>
    public sealed record Rendered(byte[] Jpeg, int Width, int Height, bool Reencoded);

    /// <param name="frameJpeg">The device's frame.</param>
    /// <param name="frameWidth">Its width.</param>
    /// <param name="frameHeight">Its height.</param>
    /// <param name="region">Part of the frame to show; the whole frame when null.</param>
    /// <param name="maxWidth">Largest width of the result; 0 for no limit.</param>
    /// <param name="maxHeight">Largest height of the result; 0 for no limit.</param>
    /// <param name="quality">JPEG quality when re-encoding.</param>
    public static Rendered Render(byte[] frameJpeg, int frameWidth, int frameHeight, DevicePixelRect? region, int maxWidth, int maxHeight, int quality)
    {
        ArgumentNullException.ThrowIfNull(frameJpeg);
        var limitWidth = maxWidth <= 0 ? int.MaxValue : maxWidth;
        var limitHeight = maxHeight <= 0 ? int.MaxValue : maxHeight;
        if (region is null && frameWidth <= limitWidth && frameHeight <= limitHeight)
        {
            return new Rendered(frameJpeg, frameWidth, frameHeight, Reencoded: false);
        }

        RgbImage image;
        if (region is { } r)
        {
            var full = JpegDecoder.Decode(frameJpeg);
            image = ImageCropper.Crop(full, r.X, r.Y, Math.Min(r.Width, full.Width - r.X), Math.Min(r.Height, full.Height - r.Y));
        }
        else
        {
            // Let the decoder drop resolution in the DCT domain when the target is at most half the size: much cheaper.
            image = JpegDecoder.Decode(frameJpeg, new JpegDecodeOptions { Scale = ReductionFor(frameWidth, frameHeight, limitWidth, limitHeight) });
        }

        var scaled = ImageScaler.DownscaleToFit(image, Math.Min(limitWidth, image.Width), Math.Min(limitHeight, image.Height));
        return new Rendered(JpegEncoder.Encode(scaled, quality), scaled.Width, scaled.Height, Reencoded: true);
    }

    private static JpegScale ReductionFor(int width, int height, int maxWidth, int maxHeight)
    {
        // The final image is the frame divided by the larger of the two ratios; reduce by at most that much so the
        // decoded image is never smaller than the final one.
        var fit = Math.Max((double)width / maxWidth, (double)height / maxHeight);
        return fit switch
        {
            >= 8 => JpegScale.Eighth,
            >= 4 => JpegScale.Quarter,
            >= 2 => JpegScale.Half,
            _ => JpegScale.Full,
        };
    }
}
