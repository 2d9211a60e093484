namespace NanoKvm.Client.Video.Text;

/// <summary>Prepares grayscale pixels for OCR: crop, invert light-on-dark, enlarge.</summary>
internal static class GrayPreprocessor
{
    /// <summary>Returns the prepared pixels, their size, and the factor that maps them back to the source region.</summary>
    public static (byte[] Pixels, int Width, int Height) Prepare(TextImage image, TextBox region, int upscale, bool invertDark)
    {
        var source = image.Data.Span;
        var width = region.Width;
        var height = region.Height;
        var cropped = new byte[width * height];
        long sum = 0;
        for (var row = 0; row < height; row++)
        {
            var line = source.Slice((region.Y + row) * image.Width + region.X, width);
            line.CopyTo(cropped.AsSpan(row * width, width));
            foreach (var value in line)
            {
                sum += value;
            }
        }

        if (invertDark && sum < 128L * width * height)
        {
            for (var i = 0; i < cropped.Length; i++)
            {
                cropped[i] = (byte)(255 - cropped[i]);
            }
        }

        return upscale == 1 ? (cropped, width, height) : (Enlarge(cropped, width, height, upscale), width * upscale, height * upscale);
    }

    // Bilinear enlargement: smooth edges read better than the blocky steps of pixel repetition.
    private static byte[] Enlarge(byte[] source, int width, int height, int factor)
    {
        var outWidth = width * factor;
        var outHeight = height * factor;
        var result = new byte[outWidth * outHeight];
        for (var y = 0; y < outHeight; y++)
        {
            var sy = Math.Clamp((y + 0.5) / factor - 0.5, 0, height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = sy - y0;
            for (var x = 0; x < outWidth; x++)
            {
                var sx = Math.Clamp((x + 0.5) / factor - 0.5, 0, width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = sx - x0;
                var top = source[y0 * width + x0] * (1 - fx) + source[y0 * width + x1] * fx;
                var bottom = source[y1 * width + x0] * (1 - fx) + source[y1 * width + x1] * fx;
                result[y * outWidth + x] = (byte)Math.Round(top * (1 - fy) + bottom * fy);
            }
        }

        return result;
    }
}
