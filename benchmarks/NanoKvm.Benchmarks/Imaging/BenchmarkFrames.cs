using NanoKvm.Imaging;

namespace NanoKvm.Benchmarks.Imaging;

/// <summary>
/// A deterministic desktop-like frame: gradient wallpaper, overlapping windows with title bars, rows of glyph-like
/// strokes, a toolbar of icons and a photo-like noisy area, so entropy coding sees realistic screen statistics.
/// </summary>
internal static class BenchmarkFrames
{
    public static RgbImage Desktop(int width, int height)
    {
        var random = new Random(1080);
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Set(image, x, y, (byte)(20 + (x * 60 / width)), (byte)(50 + (y * 80 / height)), (byte)(110 + ((x + y) * 100 / (width + height))));
            }
        }

        // A photo-like area (e.g. a wallpaper picture or video thumbnail): smooth colour with grain.
        for (var y = height / 10; y < height / 3; y++)
        {
            for (var x = width * 2 / 3; x < width * 9 / 10; x++)
            {
                var grain = random.Next(-12, 13);
                Set(image, x, y, Clamp(120 + (x % 97) + grain), Clamp(90 + (y % 71) + grain), Clamp(60 + ((x + y) % 53) + grain));
            }
        }

        for (var w = 0; w < 4; w++)
        {
            var ww = random.Next(width / 4, width / 2);
            var wh = random.Next(height / 4, height / 2);
            var wx = random.Next(0, width - ww);
            var wy = random.Next(0, height - wh - 40);
            Fill(image, wx, wy, ww, wh, 250, 250, 250);
            Fill(image, wx, wy, ww, 28, 45, 55, 75);
            for (var line = wy + 40; line + 12 < wy + wh; line += 20)
            {
                var lineEnd = wx + ww - 16 - random.Next(ww / 3);
                for (var gx = wx + 12; gx + 7 < lineEnd; gx += 8)
                {
                    if (random.Next(5) == 0)
                    {
                        continue;
                    }

                    var pattern = random.Next(1 << 15) & random.Next(1 << 15); // ~25% ink, like glyphs
                    for (var bit = 0; bit < 15; bit++)
                    {
                        if ((pattern & (1 << bit)) != 0)
                        {
                            Fill(image, gx + (bit % 3 * 2), line + (bit / 3 * 2), 2, 2, 25, 25, 35);
                        }
                    }
                }
            }
        }

        // Taskbar with icons.
        Fill(image, 0, height - 40, width, 40, 35, 35, 45);
        for (var i = 0; i < 14; i++)
        {
            Fill(image, 8 + (i * 48), height - 34, 28, 28, (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        return image;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static void Fill(RgbImage image, int left, int top, int width, int height, byte r, byte g, byte b)
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
