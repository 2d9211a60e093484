namespace NanoKvm.Imaging.Tests.Infrastructure;

/// <summary>Deterministic test pictures that exercise the codec the way screens do: smooth ramps, hard text edges, noise.</summary>
internal static class SyntheticImages
{
    public static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 3;
                image.Pixels[p] = (byte)(x * 255 / Math.Max(width - 1, 1));
                image.Pixels[p + 1] = (byte)(y * 255 / Math.Max(height - 1, 1));
                image.Pixels[p + 2] = (byte)((x + y) * 255 / Math.Max(width + height - 2, 1));
            }
        }

        return image;
    }

    /// <summary>A window-like desktop: title bar, panels and rows of glyph-like dark strokes on light background.</summary>
    public static RgbImage Desktop(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Desktop wallpaper: a soft blue diagonal ramp.
                Set(image, x, y, (byte)(30 + (x * 40 / width)), (byte)(60 + (y * 60 / height)), (byte)(120 + ((x + y) * 80 / (width + height))));
            }
        }

        var windows = Math.Max(1, width * height / 200_000);
        for (var w = 0; w < windows; w++)
        {
            var ww = random.Next(width / 4, Math.Max(width / 4 + 1, width * 2 / 3));
            var wh = random.Next(height / 4, Math.Max(height / 4 + 1, height * 2 / 3));
            var wx = random.Next(0, Math.Max(1, width - ww));
            var wy = random.Next(0, Math.Max(1, height - wh));
            FillRect(image, wx, wy, ww, wh, 245, 245, 245);
            FillRect(image, wx, wy, ww, Math.Min(24, wh), 60, 70, 90);
            for (var line = wy + 32; line + 10 < wy + wh; line += 16)
            {
                for (var gx = wx + 8; gx + 6 < wx + ww - 8; gx += 7)
                {
                    if (random.Next(8) == 0)
                    {
                        continue; // a space between words
                    }

                    var pattern = random.Next(1 << 12);
                    for (var bit = 0; bit < 12; bit++)
                    {
                        if ((pattern & (1 << bit)) != 0)
                        {
                            FillRect(image, gx + (bit % 3 * 2), line + (bit / 3 * 3), 2, 3, 20, 20, 30);
                        }
                    }
                }
            }
        }

        return image;
    }

    public static RgbImage Noise(int width, int height, int seed = 7)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>Large flat colour areas with hard edges between them, hardest for chroma subsampling.</summary>
    public static RgbImage ColourBlocks(int width, int height)
    {
        var image = new RgbImage(width, height);
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 0, 0], [255, 255, 255], [128, 0, 128]];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = colours[((x / 13) + (y / 11 * 3)) % colours.Length];
                Set(image, x, y, c[0], c[1], c[2]);
            }
        }

        return image;
    }

    private static void FillRect(RgbImage image, int left, int top, int width, int height, byte r, byte g, byte b)
    {
        for (var y = Math.Max(0, top); y < Math.Min(image.Height, top + height); y++)
        {
            for (var x = Math.Max(0, left); x < Math.Min(image.Width, left + width); x++)
            {
                Set(image, x, y, r, g, b);
            }
        }
    }

    private static void Set(RgbImage image, int x, int y, byte r, byte g, byte b)
    {
        var p = ((y * image.Width) + x) * 3;
        image.Pixels[p] = r;
        image.Pixels[p + 1] = g;
        image.Pixels[p + 2] = b;
    }
}
