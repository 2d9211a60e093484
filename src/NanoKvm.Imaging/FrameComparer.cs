using System.Runtime.CompilerServices;

namespace NanoKvm.Imaging;

/// <summary>Finds what changed between two frames, ignoring small differences such as JPEG noise.</summary>
public static class FrameComparer
{
    /// <summary>Compares two equally sized images pixel by pixel.</summary>
    /// <param name="a">One frame.</param>
    /// <param name="b">The other frame.</param>
    /// <param name="threshold">
    /// A pixel counts as changed when any of its channels differs by more than this (0–255). The default 16 ignores
    /// compression noise but catches a text cursor.
    /// </param>
    /// <returns>The changed pixel count, fraction and bounding box.</returns>
    /// <exception cref="ArgumentNullException">An image is null.</exception>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is outside 0–255.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FrameDifference Compare(RgbImage a, RgbImage b, int threshold = 16)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 255);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Frames differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}.", nameof(b));
        }

        var changed = 0;
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        var stride = a.Stride;
        for (var y = 0; y < a.Height; y++)
        {
            var rowA = a.Pixels.AsSpan(y * stride, stride);
            var rowB = b.Pixels.AsSpan(y * stride, stride);

            // Screens are mostly static: skipping identical rows with a vectorised compare is the common fast path.
            if (rowA.SequenceEqual(rowB))
            {
                continue;
            }

            for (var x = 0; x < a.Width; x++)
            {
                var p = x * 3;
                if (Math.Abs(rowA[p] - rowB[p]) > threshold
                    || Math.Abs(rowA[p + 1] - rowB[p + 1]) > threshold
                    || Math.Abs(rowA[p + 2] - rowB[p + 2]) > threshold)
                {
                    changed++;
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = y;
                }
            }
        }

        var fraction = (double)changed / ((long)a.Width * a.Height);
        PixelRect? bounds = changed == 0 ? null : new PixelRect(left, top, right - left + 1, bottom - top + 1);
        return new FrameDifference(changed, fraction, bounds);
    }
}
