using System.Globalization;

namespace NanoKvm.Client.Video.Text;

/// <summary>Reads Tesseract's TSV output (one row per page, block, paragraph, line and word) into lines of words.</summary>
internal static class TesseractTsv
{
    private const int WordLevel = 5;

    /// <summary>Parses the TSV; boxes are scaled down by <paramref name="scale"/> and moved by the offset.</summary>
    public static List<TextLine> Parse(string tsv, double scale, int offsetX, int offsetY, double minConfidence)
    {
        var lines = new List<TextLine>();
        var current = new List<TextWord>();
        (int Block, int Paragraph, int Line)? key = null;
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level != WordLevel)
            {
                continue;
            }

            var text = cells[11].Trim();
            var confidence = double.Parse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (text.Length == 0 || confidence < minConfidence)
            {
                continue;
            }

            var rowKey = (Int(cells[2]), Int(cells[3]), Int(cells[4]));
            if (key != rowKey && current.Count > 0)
            {
                lines.Add(TextLine.FromWords(current));
                current = [];
            }

            key = rowKey;
            var box = new TextBox(
                (int)Math.Floor(Int(cells[6]) / scale) + offsetX,
                (int)Math.Floor(Int(cells[7]) / scale) + offsetY,
                Math.Max(1, (int)Math.Ceiling(Int(cells[8]) / scale)),
                Math.Max(1, (int)Math.Ceiling(Int(cells[9]) / scale)));
            current.Add(new TextWord(text, box, Math.Clamp(confidence, 0, 100)));
        }

        if (current.Count > 0)
        {
            lines.Add(TextLine.FromWords(current));
        }

        // Sparse-text mode gives each word cluster its own block; order lines top to bottom, then left to right,
        // and merge clusters sitting on the same text row so a line reads as on screen.
        return MergeRows(lines);
    }

    private static List<TextLine> MergeRows(List<TextLine> lines)
    {
        var ordered = lines.OrderBy(l => l.Box.Y).ThenBy(l => l.Box.X).ToList();
        var rows = new List<List<TextWord>>();
        var rowBoxes = new List<TextBox>();
        foreach (var line in ordered)
        {
            var index = rowBoxes.FindIndex(b => SameRow(b, line.Box));
            if (index < 0)
            {
                rows.Add([.. line.Words]);
                rowBoxes.Add(line.Box);
            }
            else
            {
                rows[index].AddRange(line.Words);
                rowBoxes[index] = rowBoxes[index].Union(line.Box);
            }
        }

        return [.. rows.Select(r => TextLine.FromWords([.. r.OrderBy(w => w.Box.X)])).OrderBy(l => l.Box.Y).ThenBy(l => l.Box.X)];
    }

    // Two boxes share a row when their vertical centres are within half the smaller height.
    private static bool SameRow(TextBox a, TextBox b) =>
        Math.Abs(a.CenterY - b.CenterY) <= Math.Min(a.Height, b.Height) / 2.0;

    private static int Int(string cell) => int.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
