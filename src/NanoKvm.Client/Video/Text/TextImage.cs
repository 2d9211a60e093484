namespace NanoKvm.Client.Video.Text;

/// <summary>An image to recognize: encoded (JPEG, PNG, PNM — what the engine reads itself) or 8-bit grayscale pixels.</summary>
/// <remarks>
/// Pre-processing (<see cref="TextRecognitionOptions.Upscale"/>, <see cref="TextRecognitionOptions.InvertDark"/>) and
/// cropping to <see cref="TextRecognitionOptions.Region"/> need pixels; an encoded image is recognized whole and the
/// region then keeps only the words inside it. The memory must stay valid until recognition ends.
/// </remarks>
public sealed class TextImage
{
    private TextImage(int width, int height, ReadOnlyMemory<byte> data, bool encoded)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16384);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16384);
        Width = width;
        Height = height;
        Data = data;
        IsEncoded = encoded;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>True for an encoded image, false for grayscale pixels.</summary>
    public bool IsEncoded { get; }

    /// <summary>The encoded bytes, or the grayscale pixels row by row (one byte each, no padding).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>An encoded image (JPEG, PNG, PNM…) of known size.</summary>
    /// <param name="data">The file bytes.</param>
    /// <param name="width">Its width in pixels.</param>
    /// <param name="height">Its height in pixels.</param>
    /// <returns>The image.</returns>
    public static TextImage FromEncoded(ReadOnlyMemory<byte> data, int width, int height)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("The image is empty.", nameof(data));
        }

        return new TextImage(width, height, data, encoded: true);
    }

    /// <summary>A video frame (its JPEG, as the device sent it). Keep the frame undisposed while it is recognized.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The image.</returns>
    public static TextImage FromFrame(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return FromEncoded(frame.Data, frame.Width, frame.Height);
    }

    /// <summary>8-bit grayscale pixels, row by row.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixels">Exactly width × height bytes.</param>
    /// <returns>The image.</returns>
    public static TextImage FromGray(int width, int height, ReadOnlyMemory<byte> pixels)
    {
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"Expected {(long)width * height} bytes for {width}×{height} grayscale, got {pixels.Length}.", nameof(pixels));
        }

        return new TextImage(width, height, pixels, encoded: false);
    }

    /// <summary>24-bit RGB pixels (R, G, B per pixel, row by row), converted to grayscale.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixels">Exactly width × height × 3 bytes.</param>
    /// <returns>The image.</returns>
    public static TextImage FromRgb(int width, int height, ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"Expected {(long)width * height * 3} bytes for {width}×{height} RGB, got {pixels.Length}.", nameof(pixels));
        }

        var gray = new byte[width * height];
        for (int i = 0, j = 0; i < gray.Length; i++, j += 3)
        {
            // ITU-R BT.601 luma in integer arithmetic.
            gray[i] = (byte)((pixels[j] * 299 + pixels[j + 1] * 587 + pixels[j + 2] * 114 + 500) / 1000);
        }

        return new TextImage(width, height, gray, encoded: false);
    }
}
