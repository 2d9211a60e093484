namespace NanoKvm.Imaging;

/// <summary>Cuts a rectangle out of an image, e.g. to read small text at full resolution.</summary>
public static class ImageCropper
{
    /// <summary>Copies the rectangle at (<paramref name="x"/>, <paramref name="y"/>) of the given size into a new image.</summary>
    /// <param name="image">The source.</param>
    /// <param name="x">Left edge, 0 ≤ x &lt; image width.</param>
    /// <param name="y">Top edge, 0 ≤ y &lt; image height.</param>
    /// <param name="width">Width, at least 1, with x + width ≤ image width.</param>
    /// <param name="height">Height, at least 1, with y + height ≤ image height.</param>
    /// <returns>A new image holding a copy of the rectangle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not inside the image.</exception>
    public static RgbImage Crop(RgbImage image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (x > image.Width - width)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"x + width ({x} + {width}) exceeds the image width {image.Width}.");
        }

        if (y > image.Height - height)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"y + height ({y} + {height}) exceeds the image height {image.Height}.");
        }

        var result = new RgbImage(width, height);
        for (var row = 0; row < height; row++)
        {
            image.Pixels.AsSpan(((y + row) * image.Stride) + (x * 3), width * 3).CopyTo(result.Pixels.AsSpan(row * result.Stride));
        }

        return result;
    }
}
