namespace NanoKvm.Client.Video.Text;

/// <summary>What a <see cref="ITextRecognizer"/> read in an image.</summary>
/// <param name="Width">Width of the recognized image (boxes are in its pixels).</param>
/// <param name="Height">Height of the recognized image.</param>
/// <param name="Lines">The lines, top to bottom.</param>
/// <param name="Elapsed">How long recognition took.</param>
public sealed record RecognizedText(int Width, int Height, IReadOnlyList<TextLine> Lines, TimeSpan Elapsed)
{
    /// <summary>The lines joined by line feeds.</summary>
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    /// <summary>Every word, line by line.</summary>
    public IEnumerable<TextWord> Words => Lines.SelectMany(l => l.Words);

    /// <summary>Finds <paramref name="query"/> in the lines.</summary>
    /// <param name="query">The text or pattern.</param>
    /// <returns>The matches, top to bottom and left to right.</returns>
    public IReadOnlyList<TextMatch> Find(TextQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return TextMatcher.Find(this, query);
    }

    /// <summary>Keeps the lines' words inside <paramref name="region"/> (a word counts when its centre is inside).</summary>
    /// <param name="region">The region, in pixels of the recognized image.</param>
    /// <returns>The text of that region, with boxes unchanged.</returns>
    public RecognizedText Within(TextBox region)
    {
        var lines = new List<TextLine>();
        foreach (var line in Lines)
        {
            var words = line.Words.Where(w => w.Box.CenterX >= region.X && w.Box.CenterX < region.Right
                && w.Box.CenterY >= region.Y && w.Box.CenterY < region.Bottom).ToList();
            if (words.Count > 0)
            {
                lines.Add(TextLine.FromWords(words));
            }
        }

        return this with { Lines = lines };
    }
}
