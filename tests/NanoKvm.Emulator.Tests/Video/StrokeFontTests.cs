using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>The screen font's glyphs: every character drawn, distinct, smooth-edged and kept inside its cell.</summary>
public sealed class StrokeFontTests
{
    private static IEnumerable<char> Printable => Enumerable.Range('!', '~' - '!' + 1).Select(i => (char)i);

    [Fact]
    public void EveryPrintableCharacter_IsInked_AndNoTwoLookAlike()
    {
        var seen = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var c in Printable)
        {
            var mask = GlyphRasterizer.Mask(c, 1);
            Assert.True(mask.Any(a => a > 0), $"'{c}' draws nothing");
            var key = Convert.ToBase64String(mask);
            Assert.False(seen.TryGetValue(key, out var twin), $"'{c}' is drawn exactly like '{twin}'");
            seen[key] = c;
        }

        Assert.All(GlyphRasterizer.Mask(' ', 1), a => Assert.Equal(0, a));
    }

    [Fact]
    public void CharactersOutsideTheFont_AreDrawnAsOneVisibleBox()
    {
        var box = GlyphRasterizer.Mask('é', 1);

        Assert.Equal(box, GlyphRasterizer.Mask('\u2603', 1));
        Assert.Contains(box, a => a > 0);
        Assert.All(Printable, c => Assert.NotEqual(box, GlyphRasterizer.Mask(c, 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Glyphs_LeaveTheCellsSideColumnsEmpty_SoNeighboursNeverTouch(int unit)
    {
        var (width, height) = (GlyphRasterizer.CellWidth(unit), GlyphRasterizer.CellHeight(unit));
        foreach (var c in Printable)
        {
            var mask = GlyphRasterizer.Mask(c, unit);
            Assert.Equal(width * height, mask.Length);
            for (var row = 0; row < height; row++)
            {
                Assert.True(mask[row * width] == 0 && mask[row * width + width - 1] == 0, $"'{c}' inks the edge of its cell at row {row}");
            }
        }
    }

    [Fact]
    public void Edges_AreAntiAliased()
    {
        // Partial coverage along the strokes is what makes the text read like a screen font rather than square pixels.
        var mask = GlyphRasterizer.Mask('O', 1);

        Assert.Contains(mask, a => a is > 0 and < 255);
        Assert.Contains(mask, a => a == 255);
    }
}
