using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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

        var (width, height) = FitSize(image.Width, image.Height, maxWidth, maxHeight);
        return Resample(image, width, height);
    }

    /// <summary>The size <see cref="DownscaleToFit"/> produces for a source of the given size.</summary>
    internal static (int Width, int Height) FitSize(int width, int height, int maxWidth, int maxHeight)
    {
        if (width <= maxWidth && height <= maxHeight)
        {
            return (width, height);
        }

        var scale = Math.Min((double)maxWidth / width, (double)maxHeight / height);
        return (Math.Clamp((int)Math.Round(width * scale), 1, maxWidth), Math.Clamp((int)Math.Round(height * scale), 1, maxHeight));
    }

    /// <summary>
    /// Box-filters to an exact size no larger than the source. Works one output row at a time: the source rows it
    /// covers are summed with their vertical weights (vectorised), then that single row is reduced horizontally, so
    /// the only temporary is one float row.
    /// </summary>
    internal static RgbImage Resample(RgbImage image, int width, int height)
    {
        var horizontal = Coverage.Build(image.Width, width);
        var vertical = Coverage.Build(image.Height, height);
        var result = new RgbImage(width, height);
        var sourceStride = image.Stride;
        var accumulator = new float[sourceStride + Vector256<byte>.Count];
        for (var y = 0; y < height; y++)
        {
            Array.Clear(accumulator);
            var first = vertical.First[y];
            var taps = vertical.Weights[y];
            for (var t = 0; t < taps.Length; t++)
            {
                AccumulateRow(image.Pixels.AsSpan((first + t) * sourceStride, sourceStride), taps[t], accumulator);
            }

            ReduceRow(accumulator, horizontal, result.Pixels.AsSpan(y * result.Stride, result.Stride));
        }

        return result;
    }

    /// <summary>accumulator[i] += row[i] * weight, 32 samples per step where the hardware allows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRow(ReadOnlySpan<byte> row, float weight, Span<float> accumulator)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            for (; i + Vector256<byte>.Count <= row.Length; i += Vector256<byte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(row.Slice(i, Vector256<byte>.Count)));
                var (a, b) = Vector256.Widen(low);
                var (c, d) = Vector256.Widen(high);
                Add(accumulator.Slice(i, 8), Vector256.ConvertToSingle(a.AsInt32()) * w);
                Add(accumulator.Slice(i + 8, 8), Vector256.ConvertToSingle(b.AsInt32()) * w);
                Add(accumulator.Slice(i + 16, 8), Vector256.ConvertToSingle(c.AsInt32()) * w);
                Add(accumulator.Slice(i + 24, 8), Vector256.ConvertToSingle(d.AsInt32()) * w);
            }
        }

        for (; i < row.Length; i++)
        {
            accumulator[i] += row[i] * weight;
        }
    }

    private static void Add(Span<float> target, Vector256<float> value) => (Vector256.Create((ReadOnlySpan<float>)target) + value).CopyTo(target);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReduceRow(ReadOnlySpan<float> accumulator, Coverage horizontal, Span<byte> target)
    {
        // Fixed tap count per output pixel (short rows padded with zero weights) keeps the inner loop regular.
        var taps = horizontal.TapCount;
        var weights = horizontal.WindowWeights.AsSpan();
        var firsts = horizontal.WindowStart.AsSpan();
        for (var x = 0; x < firsts.Length; x++)
        {
            float r = 0, g = 0, b = 0;
            var source = accumulator.Slice(firsts[x] * 3, taps * 3);
            var w = weights.Slice(x * taps, taps);
            for (var t = 0; t < w.Length; t++)
            {
                r += source[t * 3] * w[t];
                g += source[(t * 3) + 1] * w[t];
                b += source[(t * 3) + 2] * w[t];
            }

            var p = x * 3;
            target[p] = (byte)Math.Clamp((int)(r + 0.5f), 0, 255);
            target[p + 1] = (byte)Math.Clamp((int)(g + 0.5f), 0, 255);
            target[p + 2] = (byte)Math.Clamp((int)(b + 0.5f), 0, 255);
        }
    }

    /// <summary>For each output index along one axis: the first source index it covers and the normalised weights.</summary>
    private sealed class Coverage
    {
        private Coverage(int count, int tapCount)
        {
            First = new int[count];
            Weights = new float[count][];
            TapCount = tapCount;
            WindowStart = new int[count];
            WindowWeights = new float[count * tapCount];
        }

        public int[] First { get; }

        public float[][] Weights { get; }

        /// <summary>The largest number of source samples any output covers.</summary>
        public int TapCount { get; }

        /// <summary>First source index of each fixed-size window (see <see cref="WindowWeights"/>).</summary>
        public int[] WindowStart { get; }

        /// <summary>
        /// <see cref="TapCount"/> weights per output, padded with zeros; windows near the end start earlier instead
        /// of running past the source, so the padding always reads real samples with weight zero.
        /// </summary>
        public float[] WindowWeights { get; }

        public static Coverage Build(int sourceLength, int targetLength)
        {
            var ratio = (double)sourceLength / targetLength;
            var spans = new (int First, float[] Weights)[targetLength];
            var maxTaps = 1;
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

                spans[o] = (first, weights);
                maxTaps = Math.Max(maxTaps, weights.Length);
            }

            var coverage = new Coverage(targetLength, maxTaps);
            for (var o = 0; o < targetLength; o++)
            {
                var (first, weights) = spans[o];
                var start = Math.Min(first, sourceLength - maxTaps);
                coverage.First[o] = first;
                coverage.Weights[o] = weights;
                coverage.WindowStart[o] = start;
                weights.CopyTo(coverage.WindowWeights, (o * maxTaps) + (first - start));
            }

            return coverage;
        }
    }
}
