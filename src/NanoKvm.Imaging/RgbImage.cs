namespace NanoKvm.Imaging;

/// <summary>An 8-bit RGB image in memory: rows top to bottom, 3 bytes per pixel (R, G, B), no row padding.</summary>
public sealed class RgbImage
{
    /// <summary>Creates a black image.</summary>
    /// <param name="width">Width in pixels (1–16384).</param>
    /// <param name="height">Height in pixels (1–16384).</param>
    public RgbImage(int width, int height)
        : this(width, height, new byte[CheckedLength(width, height)])
    {
    }

    /// <summary>Wraps existing pixel data (not copied).</summary>
    /// <param name="width">Width in pixels (1–16384).</param>
    /// <param name="height">Height in pixels (1–16384).</param>
    /// <param name="pixels">RGB24 data of exactly width × height × 3 bytes.</param>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var length = CheckedLength(width, height);
        if (pixels.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes of RGB data for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, RGB24, row-major, stride <c>Width * 3</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * 3;

    private static int CheckedLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16384);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16384);
        return width * height * 3;
    }
}
