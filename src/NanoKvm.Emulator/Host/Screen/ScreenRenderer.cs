using NanoKvm.Imaging;

namespace NanoKvm.Emulator.Host.Screen;

/// <summary>
/// Draws what the virtual host shows: a caption bar, the scene's text with the typed text (last lines that fit,
/// wrapped), and the mouse pointer, at any output size. Layout is proportional so every capture resolution shows the
/// same scene.
/// </summary>
/// <remarks>
/// Text is drawn in <see cref="StrokeFont"/> at one pixel per font unit up to 1079 lines (a 12 × 20 pixel cell, caps
/// 13 pixels high) and two from 1080: light, anti-aliased text on a dark background at that size is what Tesseract
/// read without a miss on the emulator's scenes (docs/video.md).
/// </remarks>
internal static class ScreenRenderer
{
    private static readonly (byte R, byte G, byte B) Background = (18, 32, 64);

    // Darker than the background: a bar lighter than it turned black when Tesseract binarized the whole screen (one
    // global threshold put the bar with the text), and the caption inside it was never read.
    private static readonly (byte R, byte G, byte B) CaptionBar = (8, 16, 36);
    private static readonly (byte R, byte G, byte B) CaptionText = (255, 220, 80);
    private static readonly (byte R, byte G, byte B) Text = (230, 230, 230);

    // An arrow pointer, 1 = white fill, 2 = black outline.
    private static readonly string[] Pointer =
    [
        "2",
        "22",
        "212",
        "2112",
        "21112",
        "211112",
        "2111112",
        "21111112",
        "211111112",
        "2111112222",
        "2112112",
        "212 2112",
        "22  2112",
        "2    2112",
        "     2112",
        "      22",
    ];

    public static RgbImage Render(int width, int height, ScreenContent content)
    {
        var image = new RgbImage(width, height);
        Fill(image, 0, 0, width, height, Background);
        var unit = FontUnit(height);
        var cellW = GlyphRasterizer.CellWidth(unit);
        var cellH = GlyphRasterizer.CellHeight(unit);
        var margin = cellW;

        // OCR misses text that touches the image edge, so the caption sits a cell's height below the top.
        var barHeight = 2 * cellH;
        Fill(image, 0, 0, width, barHeight, CaptionBar);
        DrawText(image, content.Caption, margin, cellH / 2, unit, CaptionText);

        var columns = Math.Max(1, (width - 2 * margin) / cellW);
        var rows = Math.Max(1, (height - barHeight - margin) / cellH);
        var lines = Wrap(SceneText.Compose(content.Scene, content.Text), columns);
        var first = Math.Max(0, lines.Count - rows);
        for (var i = first; i < lines.Count; i++)
        {
            DrawText(image, lines[i], margin, barHeight + margin / 2 + (i - first) * cellH, unit, Text);
        }

        DrawPointer(image, (int)Math.Round(content.PointerX * (width - 1)), (int)Math.Round(content.PointerY * (height - 1)), Math.Max(1, height / 270));
        return image;
    }

    /// <summary>Pixels per font unit at this screen height: 1 up to 1079 lines, 2 from 1080.</summary>
    public static int FontUnit(int height) => Math.Max(1, height / 540);

    private static List<string> Wrap(string text, int columns)
    {
        var lines = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Replace('\t', ' ');
            if (line.Length == 0)
            {
                lines.Add(string.Empty);
                continue;
            }

            for (var start = 0; start < line.Length; start += columns)
            {
                lines.Add(line.Substring(start, Math.Min(columns, line.Length - start)));
            }
        }

        return lines;
    }

    private static void DrawText(RgbImage image, string text, int x, int y, int unit, (byte R, byte G, byte B) color)
    {
        var (cellW, cellH) = (GlyphRasterizer.CellWidth(unit), GlyphRasterizer.CellHeight(unit));
        foreach (var c in text)
        {
            if (x + cellW > image.Width)
            {
                return;
            }

            if (c != ' ')
            {
                Blend(image, x, y, cellW, cellH, GlyphRasterizer.Mask(c, unit), color);
            }

            x += cellW;
        }
    }

    // Mixes the colour into what is already drawn, by each pixel's coverage, so glyph edges stay smooth on any background.
    private static void Blend(RgbImage image, int x, int y, int w, int h, byte[] coverage, (byte R, byte G, byte B) color)
    {
        var pixels = image.Pixels;
        for (var row = Math.Max(0, -y); row < h && y + row < image.Height; row++)
        {
            for (var column = Math.Max(0, -x); column < w && x + column < image.Width; column++)
            {
                int a = coverage[row * w + column];
                if (a == 0)
                {
                    continue;
                }

                var offset = (y + row) * image.Stride + (x + column) * 3;
                pixels[offset] = Mix(pixels[offset], color.R, a);
                pixels[offset + 1] = Mix(pixels[offset + 1], color.G, a);
                pixels[offset + 2] = Mix(pixels[offset + 2], color.B, a);
            }
        }
    }

    private static byte Mix(byte under, byte over, int alpha) => (byte)((under * (255 - alpha) + over * alpha + 127) / 255);

    private static void DrawPointer(RgbImage image, int x, int y, int scale)
    {
        for (var row = 0; row < Pointer.Length; row++)
        {
            var line = Pointer[row];
            for (var column = 0; column < line.Length; column++)
            {
                var color = line[column] switch
                {
                    '1' => ((byte)255, (byte)255, (byte)255),
                    '2' => ((byte)0, (byte)0, (byte)0),
                    _ => ((byte, byte, byte)?)null,
                };
                if (color is { } c)
                {
                    Fill(image, x + column * scale, y + row * scale, scale, scale, c);
                }
            }
        }
    }

    private static void Fill(RgbImage image, int x, int y, int w, int h, (byte R, byte G, byte B) color)
    {
        var x0 = Math.Max(0, x);
        var y0 = Math.Max(0, y);
        var x1 = Math.Min(image.Width, x + w);
        var y1 = Math.Min(image.Height, y + h);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }

        var pixels = image.Pixels;
        for (var row = y0; row < y1; row++)
        {
            var offset = row * image.Stride + x0 * 3;
            for (var col = x0; col < x1; col++)
            {
                pixels[offset++] = color.R;
                pixels[offset++] = color.G;
                pixels[offset++] = color.B;
            }
        }
    }
}

/// <summary>A snapshot of what the host displays; rendering works from this so it never races the models.</summary>
internal sealed record ScreenContent(string Caption, string Text, double PointerX, double PointerY, ScreenScene Scene = ScreenScene.Transcript);
