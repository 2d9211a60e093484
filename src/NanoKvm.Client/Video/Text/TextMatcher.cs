using System.Text;

namespace NanoKvm.Client.Video.Text;

/// <summary>Finds a query in recognized lines and maps the matched characters back to pixel boxes.</summary>
internal static class TextMatcher
{
    public static IReadOnlyList<TextMatch> Find(RecognizedText text, TextQuery query)
    {
        var matches = new List<TextMatch>();
        foreach (var line in text.Lines)
        {
            var (joined, starts) = Join(line);
            foreach (var (start, length) in Spans(joined, query))
            {
                if (length > 0)
                {
                    matches.Add(ToMatch(line, joined, starts, start, length));
                }
            }
        }

        return matches;
    }

    private static (string Joined, int[] Starts) Join(TextLine line)
    {
        var builder = new StringBuilder();
        var starts = new int[line.Words.Count];
        for (var i = 0; i < line.Words.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            starts[i] = builder.Length;
            builder.Append(line.Words[i].Text);
        }

        return (builder.ToString(), starts);
    }

    private static IEnumerable<(int Start, int Length)> Spans(string line, TextQuery query)
    {
        if (query.Pattern is { } pattern)
        {
            foreach (System.Text.RegularExpressions.Match match in pattern.Matches(line))
            {
                yield return (match.Index, match.Length);
            }

            yield break;
        }

        var text = query.Text!;
        var comparison = query.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var at = line.IndexOf(text, comparison); at >= 0; at = line.IndexOf(text, at + text.Length, comparison))
        {
            yield return (at, text.Length);
            if (at + text.Length >= line.Length)
            {
                yield break;
            }
        }
    }

    private static TextMatch ToMatch(TextLine line, string joined, int[] starts, int start, int length)
    {
        var end = start + length;
        TextBox? box = null;
        var confidence = 100.0;
        for (var i = 0; i < line.Words.Count; i++)
        {
            var word = line.Words[i];
            var wordStart = starts[i];
            var wordEnd = wordStart + word.Text.Length;
            var from = Math.Max(start, wordStart);
            var to = Math.Min(end, wordEnd);
            if (from >= to)
            {
                continue;
            }

            // Inside a word, characters are taken as equally wide: right for the monospaced text of consoles and
            // firmware screens, close enough to aim a click at the middle of a matched part elsewhere.
            var perChar = word.Box.Width / (double)Math.Max(1, word.Text.Length);
            var left = word.Box.X + (int)Math.Round((from - wordStart) * perChar);
            var right = word.Box.X + (int)Math.Round((to - wordStart) * perChar);
            var part = new TextBox(left, word.Box.Y, Math.Max(1, right - left), word.Box.Height);
            box = box is { } b ? b.Union(part) : part;
            confidence = Math.Min(confidence, word.Confidence);
        }

        return new TextMatch(joined.Substring(start, length), box ?? line.Box, confidence, line);
    }
}
