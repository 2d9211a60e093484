namespace NanoKvm.Imaging;

/// <summary>Area-average downscaling, the right filter for shrinking screenshots: every source pixel counts, text stays legible.</summary>
public static class ImageScaler
{
    /// <summary>
    /// Shrinks an image to fit within <paramref name="maxWidth"/> × <paramref name="maxHeight"/>, keeping its aspect
    /// ratio. Each output pixel is the average of the source area it covers, partially covered pixels weighted by
    /// the covered fraction. Never enlarges.
    /// </summary>
    /// <param name="image">The source.</param>
    /// <param name="maxWidth">Largest allowed width (at least 1).</param>
    /// <param name="maxHeight">Largest allowed height (at least 1).</param>
    /// <returns>A new image, or <paramref name="image"/> itself when it already fits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A maximum is below 1.</exception>
    public static RgbImage DownscaleToFit(RgbImage image, int maxWidth, int maxHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 1);
        if (image.Width <= maxWidth && image.Height <= maxHeight)
        {
            return image;
        }

        var scale = Math.Min((double)maxWidth / image.Width, (double)maxHeight / image.Height);
        var width = Math.Clamp((int)Math.Round(image.Width * scale), 1, maxWidth);
        var height = Math.Clamp((int)Math.Round(image.Height * scale), 1, maxHeight);
        return Resample(image, width, height);
    }

    /// <summary>Box-filters to an exact size no larger than the source (separable: rows first, then columns).</summary>
    internal static RgbImage Resample(RgbImage image, int width, int height)
    {
        var horizontal = Coverage.Build(image.Width, width);
        var vertical = Coverage.Build(image.Height, height);

        // Pass 1: every source row shrunk to the target width, kept as float so pass 2 rounds only once.
        var rows = new float[image.Height * width * 3];
        var pixels = image.Pixels;
        for (var y = 0; y < image.Height; y++)
        {
            var source = y * image.Stride;
            var target = y * width * 3;
            for (var x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                var first = horizontal.First[x];
                var taps = horizontal.Weights[x];
                for (var t = 0; t < taps.Length; t++)
                {
                    var p = source + ((first + t) * 3);
                    var w = taps[t];
                    r += pixels[p] * w;
                    g += pixels[p + 1] * w;
                    b += pixels[p + 2] * w;
                }

                rows[target + (x * 3)] = r;
                rows[target + (x * 3) + 1] = g;
                rows[target + (x * 3) + 2] = b;
            }
        }

        // Pass 2: columns.
        var result = new RgbImage(width, height);
        var output = result.Pixels;
        var rowLength = width * 3;
        var accumulator = new float[rowLength];
        for (var y = 0; y < height; y++)
        {
            Array.Clear(accumulator);
            var first = vertical.First[y];
            var taps = vertical.Weights[y];
            for (var t = 0; t < taps.Length; t++)
            {
                var w = taps[t];
                var row = rows.AsSpan((first + t) * rowLength, rowLength);
                for (var i = 0; i < rowLength; i++)
                {
                    accumulator[i] += row[i] * w;
                }
            }

            var target = output.AsSpan(y * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                target[i] = (byte)Math.Clamp((int)(accumulator[i] + 0.5f), 0, 255);
            }
        }

        return result;
    }

    /// <summary>For each output index along one axis: the first source index it covers and the normalised weights.</summary>
    private sealed class Coverage
    {
        private Coverage(int count)
        {
            First = new int[count];
            Weights = new float[count][];
        }

        public int[] First { get; }

        public float[][] Weights { get; }

        public static Coverage Build(int sourceLength, int targetLength)
        {
            var coverage = new Coverage(targetLength);
            var ratio = (double)sourceLength / targetLength;
            for (var o = 0; o < targetLength; o++)
            {
                var left = o * ratio;
                var right = Math.Min((o + 1) * ratio, sourceLength);
                var first = (int)Math.Floor(left);
                var last = Math.Min((int)Math.Ceiling(right) - 1, sourceLength - 1);
                var weights = new float[last - first + 1];
                for (var i = first; i <= last; i++)
                {
                    var covered = Math.Min(i + 1, right) - Math.Max(i, left);
                    weights[i - first] = (float)(covered / (right - left));
                }

                coverage.First[o] = first;
                coverage.Weights[o] = weights;
            }

            return coverage;
        }
    }
}
