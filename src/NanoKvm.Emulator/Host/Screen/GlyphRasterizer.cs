using System.Collections.Concurrent;

namespace NanoKvm.Emulator.Host.Screen;

/// <summary>
/// Turns a <see cref="StrokeFont"/> glyph into a coverage mask for one cell at a given size (pixels per font unit):
/// one byte per pixel, 0 = background, 255 = fully inked. Masks are computed once per character and size.
/// </summary>
/// <remarks>
/// Coverage is the fraction of 4 × 4 sample points per pixel that lie within a stroke's radius: smooth edges like a
/// screen's own font rendering, which Tesseract reads far better than square pixels.
/// </remarks>
internal static class GlyphRasterizer
{
    private const int Samples = 4;

    private static readonly ConcurrentDictionary<(char Glyph, int Unit), byte[]> Masks = new();

    /// <summary>The cell's width in pixels at <paramref name="unit"/> pixels per font unit.</summary>
    public static int CellWidth(int unit) => StrokeFont.CellWidth * unit;

    /// <summary>The cell's height in pixels at <paramref name="unit"/> pixels per font unit.</summary>
    public static int CellHeight(int unit) => StrokeFont.CellHeight * unit;

    /// <summary>Coverage of each pixel of the character's cell, row by row (<see cref="CellWidth"/> per row).</summary>
    public static byte[] Mask(char c, int unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unit, 1);
        return Masks.GetOrAdd((StrokeFont.Normalize(c), unit), static key => Rasterize(key.Glyph, key.Unit));
    }

    private static byte[] Rasterize(char c, int unit)
    {
        var (width, height) = (CellWidth(unit), CellHeight(unit));
        var mask = new byte[width * height];
        var strokes = StrokeFont.Strokes(c);
        if (strokes.IsEmpty)
        {
            return mask;
        }

        // Segments in pixels of the cell, with their squared radius.
        var segments = new (double X0, double Y0, double Dx, double Dy, double LengthSquared, double RadiusSquared)[strokes.Length];
        for (var i = 0; i < strokes.Length; i++)
        {
            var s = strokes[i];
            var (x0, y0) = ((StrokeFont.OriginX + s.X0) * unit, (StrokeFont.OriginY + s.Y0) * unit);
            var (dx, dy) = ((s.X1 - s.X0) * unit, (s.Y1 - s.Y0) * unit);
            segments[i] = (x0, y0, dx, dy, dx * dx + dy * dy, s.Radius * unit * s.Radius * unit);
        }

        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var inked = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    var py = row + (sy + 0.5) / Samples;
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        if (Inked(segments, column + (sx + 0.5) / Samples, py))
                        {
                            inked++;
                        }
                    }
                }

                mask[row * width + column] = (byte)((inked * 255 + Samples * Samples / 2) / (Samples * Samples));
            }
        }

        return mask;
    }

    private static bool Inked(ReadOnlySpan<(double X0, double Y0, double Dx, double Dy, double LengthSquared, double RadiusSquared)> segments, double px, double py)
    {
        foreach (var (x0, y0, dx, dy, lengthSquared, radiusSquared) in segments)
        {
            var t = lengthSquared == 0 ? 0 : Math.Clamp(((px - x0) * dx + (py - y0) * dy) / lengthSquared, 0, 1);
            var (ex, ey) = (px - x0 - t * dx, py - y0 - t * dy);
            if (ex * ex + ey * ey <= radiusSquared)
            {
                return true;
            }
        }

        return false;
    }
}
