using NanoKvm.Imaging;

namespace NanoKvm.Emulator.Host.Screen;

/// <summary>
/// Draws what the virtual host shows: a caption bar, the scene's text with the typed text (last lines that fit,
/// wrapped), and the mouse pointer, at any output size. Layout is proportional so every capture resolution shows the
/// same scene.
/// </summary>
/// <remarks>
/// The font scale is one font pixel per 270 screen rows (2 at 600 and 720 lines, 4 at 1080): light text on a dark
/// background at that size is what Tesseract read without errors in our measurements (docs/video.md).
/// </remarks>
internal static class ScreenRenderer
{
    private static readonly (byte R, byte G, byte B) Background = (18, 32, 64);
    private static readonly (byte R, byte G, byte B) CaptionBar = (40, 70, 130);
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
        var scale = Math.Max(1, height / 270);
        var cellW = BitmapFont.CellWidth * scale;
        var cellH = BitmapFont.CellHeight * scale;
        var margin = cellW;

        // OCR misses text that touches the image edge, so the caption sits a cell's height below the top.
        var barHeight = 2 * cellH;
        Fill(image, 0, 0, width, barHeight, CaptionBar);
        DrawText(image, content.Caption, margin, cellH / 2, scale, CaptionText);

        var columns = Math.Max(1, (width - 2 * margin) / cellW);
        var rows = Math.Max(1, (height - barHeight - margin) / cellH);
        var lines = Wrap(SceneText.Compose(content.Scene, content.Text), columns);
        var first = Math.Max(0, lines.Count - rows);
        for (var i = first; i < lines.Count; i++)
        {
            DrawText(image, lines[i], margin, barHeight + margin / 2 + (i - first) * cellH, scale, Text);
        }

        DrawPointer(image, (int)Math.Round(content.PointerX * (width - 1)), (int)Math.Round(content.PointerY * (height - 1)), scale);
        return image;
    }

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

    private static void DrawText(RgbImage image, string text, int x, int y, int scale, (byte R, byte G, byte B) color)
    {
        foreach (var c in text)
        {
            if (x + BitmapFont.CellWidth * scale > image.Width)
            {
                return;
            }

            var glyph = BitmapFont.Glyph(c);
            for (var column = 0; column < 5; column++)
            {
                for (var row = 0; row < BitmapFont.GlyphRows; row++)
                {
                    if (BitmapFont.IsLit(glyph, column, row))
                    {
                        Fill(image, x + column * scale, y + row * scale, scale, scale, color);
                    }
                }
            }

            x += BitmapFont.CellWidth * scale;
        }
    }

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
