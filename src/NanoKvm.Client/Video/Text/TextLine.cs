namespace NanoKvm.Client.Video.Text;

/// <summary>A recognized line: its words in reading order, joined by single spaces.</summary>
/// <param name="Text">The words joined by single spaces.</param>
/// <param name="Box">The union of the words' boxes.</param>
/// <param name="Confidence">The lowest confidence among the words, 0–100.</param>
/// <param name="Words">The words, left to right.</param>
public sealed record TextLine(string Text, TextBox Box, double Confidence, IReadOnlyList<TextWord> Words)
{
    /// <summary>Builds a line from its words (at least one).</summary>
    /// <param name="words">The words, left to right.</param>
    /// <returns>The line.</returns>
    public static TextLine FromWords(IReadOnlyList<TextWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            throw new ArgumentException("A line needs at least one word.", nameof(words));
        }

        var box = words[0].Box;
        var confidence = words[0].Confidence;
        for (var i = 1; i < words.Count; i++)
        {
            box = box.Union(words[i].Box);
            confidence = Math.Min(confidence, words[i].Confidence);
        }

        return new TextLine(string.Join(' ', words.Select(w => w.Text)), box, confidence, words);
    }
}
