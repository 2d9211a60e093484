using System.Globalization;

namespace NanoKvm.Emulator.Host.Screen;

/// <summary>
/// The virtual host's font: printable ASCII drawn as strokes (straight polylines, elliptical arcs and dots) of one
/// width, so it can be rasterized with smooth, anti-aliased edges at any screen size (<see cref="GlyphRasterizer"/>).
/// Characters outside 0x21–0x7E (other than the space) are drawn as a hollow box so they are visible, not lost.
/// </summary>
/// <remarks>
/// <para>
/// Design space: a cell is <see cref="CellWidth"/> × <see cref="CellHeight"/> units; a glyph's own coordinates run
/// x 0–8 and y 0 (cap and ascender top) to 13 (baseline), x-height at 4, descenders to 17, placed at
/// (<see cref="OriginX"/>, <see cref="OriginY"/>) in the cell. One stroke per '|': <c>x,y x,y …</c> is a polyline,
/// <c>a cx,cy rx,ry from to</c> an elliptical arc (degrees, clockwise on screen from 3 o'clock), <c>d x,y r</c> a dot.
/// </para>
/// <para>
/// The screen is read back by OCR, and the shapes are what Tesseract 5 read without a miss on the emulator's scenes at
/// its default size (docs/video.md): smooth strokes instead of square pixels (the earlier 5×9 bitmap font lost about
/// one word in seven: K read as k, v as y, 1 as l, brackets as parentheses), a 1 with a long flag and a foot, I with
/// serifs, l with a tail, a 0 narrower than O, a 9 with a straight tail, dots larger than the stroke, a narrow v, an r
/// whose arm reaches towards the next letter, brackets leaning on the word they enclose, and nothing inked in a cell's
/// outer columns so letters never touch. Small changes flip single words: re-run OcrAccuracyTests after any edit.
/// </para>
/// </remarks>
internal static class StrokeFont
{
    /// <summary>Width of a character cell, in font units.</summary>
    public const int CellWidth = 12;

    /// <summary>Height of a character cell (one text line), in font units.</summary>
    public const int CellHeight = 20;

    /// <summary>Width of every stroke, in font units.</summary>
    public const double StrokeWidth = 1.6;

    /// <summary>Where a glyph's (0, 0) lies in its cell, in font units.</summary>
    public const double OriginX = 2;

    /// <summary>Where a glyph's (0, 0) lies in its cell, in font units.</summary>
    public const double OriginY = 3;

    // Arcs are drawn as chords of at most this many degrees: finer than a pixel at the largest screen.
    private const double ArcStepDegrees = 10;

    private const string Box = "0,0 8,0 8,13 0,13 0,0";

    private static readonly string[] Definitions =
    [
        "!|4,0 4,9|d 4,12.4 1.1",
        "\"|2.5,0 2.5,3.5|5.5,0 5.5,3.5",
        "#|2.5,1 1.5,12|6.5,1 5.5,12|0,4.5 8,4.5|0,8.5 8,8.5",
        "$|a 4,3.8 3.6,2.6 90 330|a 4,9.2 3.8,2.6 -90 150|4,-0.5 4,13.5",
        "%|a 1.8,2.5 1.6,2.2 0 360|a 6.2,10.5 1.6,2.2 0 360|7.5,0.5 0.5,12.5",
        "&|a 3.5,3 2.2,2.7 130 410|2.1,5.1 8,13|4.9,5.1 1.2,8.2|a 3.6,10 3.4,3 170 400",
        "'|4,0 4,3.5",
        "(|a 7,7.5 4.5,9.2 120 240",
        ")|a 1,7.5 4.5,9.2 -60 60",
        "*|4,1 4,8|1,2.5 7,6.5|7,2.5 1,6.5",
        "+|4,4.5 4,12.5|0,8.5 8,8.5",
        ",|4.5,12 4.5,13 3,16",
        "-|1,8.5 7,8.5",
        ".|d 4,12.2 1.1",
        "/|7.5,-0.5 0.5,14.5",
        "0|a 4,6.5 3.4,6.5 0 360",
        "1|0.5,4 4.5,0 4.5,13|1.5,13 7.5,13",
        "2|a 4,3.8 3.8,3.8 170 380|7.57,5.1 0,13 8,13",
        "3|a 4,3.3 3.6,3.3 200 450|a 4,9.7 4,3.3 -90 160",
        "4|6,13 6,0 0,9 8.3,9",
        "5|7.5,0 1.5,0 1.5,5.6|a 4,8.8 4,4.2 235 510",
        "6|a 4,9 4,4 0 360|0,6.8 0,9|a 4.3,6.8 4.3,6.8 180 300",
        "7|0,0 8,0 3,13",
        "8|a 4,3.3 3.4,3.3 0 360|a 4,9.7 4,3.3 0 360",
        "9|a 4,4.2 3.9,4.2 0 360|7.9,4.2 3,13",
        ":|d 4,5.8 1.1|d 4,12.2 1.1",
        ";|d 4,5.8 1.1|4.5,12 4.5,13 3,16",
        "<|7.5,3.5 0.5,8.5 7.5,13.5",
        "=|0.5,6.5 7.5,6.5|0.5,10.5 7.5,10.5",
        ">|0.5,3.5 7.5,8.5 0.5,13.5",
        "?|a 4,3.5 3.5,3.5 180 450|4,7 4,9.5|d 4,12.2 1.1",
        "@|a 4,7.5 4,5.5 40 360|a 4,8.3 1.8,2.3 0 360|5.8,5.5 5.8,10 6.8,10.8 8,9 8,7.5",
        "A|0,13 4,0 8,13|1.5,8.5 6.5,8.5",
        "B|0,0 0,13|0,0 4.8,0|a 4.8,3.25 2.8,3.25 -90 90|0,6.5 5.3,6.5|a 5.3,9.75 2.7,3.25 -90 90|0,13 5.3,13",
        "C|a 4.3,6.5 4.3,6.5 40 320",
        "D|0,0 0,13|0,0 3,0|0,13 3,13|a 3,6.5 5,6.5 -90 90",
        "E|8,0 0,0 0,13 8,13|0,6.5 6,6.5",
        "F|8,0 0,0 0,13|0,6.5 6,6.5",
        "G|a 4.1,6.5 4.1,6.5 10 320|4.5,7.5 8,7.5 8,12",
        "H|0,0 0,13|8,0 8,13|0,6.5 8,6.5",
        "I|1.5,0 6.5,0|4,0 4,13|1.5,13 6.5,13",
        "J|2,0 7,0|6,0 6,9.5|a 3.2,9.5 2.8,3.5 0 160",
        "K|0,0 0,13|8,0 0,8.5|2.8,6 8,13",
        "L|0,0 0,13 8,13",
        "M|0,13 0,0 4,8 8,0 8,13",
        "N|0,13 0,0 8,13 8,0",
        "O|a 4,6.5 4.2,6.5 0 360",
        "P|0,13 0,0 5,0|a 5,3.5 3,3.5 -90 90|5,7 0,7",
        "Q|a 4,6.5 4.2,6.5 0 360|4.5,9.5 8.2,14",
        "R|0,13 0,0 5,0|a 5,3.5 3,3.5 -90 90|5,7 0,7|4,7 8,13",
        "S|a 4,3.3 3.8,3.3 90 330|a 4,9.7 4,3.3 -90 150",
        "T|0,0 8,0|4,0 4,13",
        "U|0,0 0,9|8,0 8,9|a 4,9 4,4 0 180",
        "V|0,0 4,13 8,0",
        "W|0,0 2,13 4,4 6,13 8,0",
        "X|0,0 8,13|8,0 0,13",
        "Y|0,0 4,6.5 8,0|4,6.5 4,13",
        "Z|0,0 8,0 0,13 8,13",
        "[|6.5,-0.5 3,-0.5 3,15.5 6.5,15.5",
        "\\|0.5,-0.5 7.5,14.5",
        "]|1.25,-0.5 4.75,-0.5 4.75,15.5 1.25,15.5",
        "^|1,5 4,0.5 7,5",
        "_|0,16.5 8,16.5",
        "`|3,0 5,2.5",
        "a|7.5,6.8 7.5,13|a 4,7 3.5,3 200 360|a 4,10.3 3.5,2.7 0 360",
        "b|0,0 0,13|a 4,8.5 4,4.5 0 360",
        "c|a 4,8.5 3.8,4.5 45 315",
        "d|8,0 8,13|a 4,8.5 4,4.5 0 360",
        "e|0,8.5 8,8.5|a 4,8.5 4,4.5 40 360",
        "f|a 6,3.2 2.5,3 180 315|3.5,3.2 3.5,13|0.5,4 7,4",
        "g|a 4,8 4,4 0 360|8,4 8,14|a 4,14 4,3 0 160",
        "h|0,0 0,13|8,13 8,8|a 4,8 4,4 180 360",
        "i|1.5,4 4,4 4,13|1,13 7,13|d 4,1.2 1.1",
        "j|2,4 5,4 5,14.5|a 2.5,14.5 2.5,2.5 0 150|d 5,1.2 1.1",
        "k|0,0 0,13|7.5,4 0,10|2.5,8 8,13",
        "l|1.5,0 4,0 4,11|a 6.5,11 2.5,2 90 180",
        "m|0,4 0,13|a 2,7 2,3 180 360|4,7 4,13|a 6,7 2,3 180 360|8,7 8,13",
        "n|0,4 0,13|a 4,8 4,4 180 360|8,8 8,13",
        "o|a 4,8.5 4,4.5 0 360",
        "p|0,4 0,17|a 4,8.5 4,4.5 0 360",
        "q|8,4 8,17|a 4,8.5 4,4.5 0 360",
        "r|0,4 0,13|a 4.5,8.5 4.5,4.5 180 320",
        "s|a 4,6.25 3.6,2.25 90 330|a 4,10.75 3.8,2.25 -90 150",
        "t|3,0.5 3,11|a 5.5,11 2.5,2 90 180|0,4 7,4",
        "u|0,4 0,9|a 4,9 4,4 0 180|8,4 8,13",
        "v|0.5,4 4,13 7.5,4",
        "w|0,4 2,13 4,6 6,13 8,4",
        "x|0,4 8,13|8,4 0,13",
        "y|0,4 4.2,13|8,4 2.5,17 0.5,17",
        "z|0,4 8,4 0,13 8,13",
        "{|6.5,-0.5 5,-0.5 4,0.5 4,6 2.5,7.5 4,9 4,14.5 5,15.5 6.5,15.5",
        "||4,-0.5 4,15.5",
        "}|1.5,-0.5 3,-0.5 4,0.5 4,6 5.5,7.5 4,9 4,14.5 3,15.5 1.5,15.5",
        "~|0.5,9 2,7.5 4,8.5 6,9.5 7.5,8",
    ];

    private static readonly Dictionary<char, StrokeSegment[]> Glyphs = Definitions.ToDictionary(d => d[0], d => Parse(d[2..]));

    private static readonly StrokeSegment[] BoxGlyph = Parse(Box);

    /// <summary>The character a glyph is drawn for: itself when the font has it, else the box's key (<c>'\0'</c>).</summary>
    public static char Normalize(char c) => c == ' ' || Glyphs.ContainsKey(c) ? c : '\0';

    /// <summary>The strokes of a character (none for the space), in glyph coordinates.</summary>
    public static ReadOnlySpan<StrokeSegment> Strokes(char c) =>
        c == ' ' ? [] : Glyphs.TryGetValue(c, out var segments) ? segments : BoxGlyph;

    private static StrokeSegment[] Parse(string definition)
    {
        var segments = new List<StrokeSegment>();
        var radius = StrokeWidth / 2;
        foreach (var stroke in definition.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = stroke.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "d":
                    var (x, y) = Point(parts[1]);
                    segments.Add(new StrokeSegment(x, y, x, y, Number(parts[2])));
                    break;
                case "a":
                    var (cx, cy) = Point(parts[1]);
                    var (rx, ry) = Point(parts[2]);
                    var (from, to) = (Number(parts[3]), Number(parts[4]));
                    var steps = Math.Max(4, (int)Math.Ceiling(Math.Abs(to - from) / ArcStepDegrees));
                    var previous = OnEllipse(cx, cy, rx, ry, from);
                    for (var i = 1; i <= steps; i++)
                    {
                        var next = OnEllipse(cx, cy, rx, ry, from + (to - from) * i / steps);
                        segments.Add(new StrokeSegment(previous.X, previous.Y, next.X, next.Y, radius));
                        previous = next;
                    }

                    break;
                default:
                    var points = parts.Select(Point).ToArray();
                    for (var i = 1; i < points.Length; i++)
                    {
                        segments.Add(new StrokeSegment(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, radius));
                    }

                    break;
            }
        }

        return [.. segments];
    }

    private static (double X, double Y) OnEllipse(double cx, double cy, double rx, double ry, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        return (cx + rx * Math.Cos(radians), cy + ry * Math.Sin(radians));
    }

    private static (double X, double Y) Point(string text)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        return (Number(text[..comma]), Number(text[(comma + 1)..]));
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
