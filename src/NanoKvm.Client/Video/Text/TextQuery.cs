using System.Text.RegularExpressions;

namespace NanoKvm.Client.Video.Text;

/// <summary>What to look for on screen: a literal text or a regular expression, matched within one line.</summary>
/// <remarks>
/// Literal text is compared case-insensitively by default, with runs of white space treated as one space (OCR
/// joins words by single spaces). A pattern is matched against each line's text as recognized.
/// </remarks>
public sealed class TextQuery
{
    private TextQuery(string? text, Regex? pattern, bool ignoreCase)
    {
        Text = text;
        Pattern = pattern;
        IgnoreCase = ignoreCase;
    }

    /// <summary>The literal text, or null for a pattern query.</summary>
    public string? Text { get; }

    /// <summary>The pattern, or null for a literal query.</summary>
    public Regex? Pattern { get; }

    /// <summary>Whether a literal is compared ignoring case.</summary>
    public bool IgnoreCase { get; }

    /// <summary>Looks for a literal text.</summary>
    /// <param name="text">The text (not empty, at most 1000 characters).</param>
    /// <param name="ignoreCase">Compare ignoring case (default true).</param>
    /// <returns>The query.</returns>
    public static TextQuery Literal(string text, bool ignoreCase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (normalized.Length == 0)
        {
            throw new ArgumentException("The text to find must contain something besides white space.", nameof(text));
        }

        if (normalized.Length > 1000)
        {
            throw new ArgumentException("The text to find is longer than 1000 characters.", nameof(text));
        }

        return new TextQuery(normalized, null, ignoreCase);
    }

    /// <summary>Looks for a regular expression.</summary>
    /// <param name="pattern">The pattern; give it a match timeout if it comes from an untrusted source.</param>
    /// <returns>The query.</returns>
    public static TextQuery Regex(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new TextQuery(null, pattern, false);
    }

    /// <summary>Looks for a regular expression given as text (case-insensitive, 1 s match timeout).</summary>
    /// <param name="pattern">The .NET regular expression.</param>
    /// <returns>The query.</returns>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static TextQuery Regex(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return new TextQuery(null, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), false);
    }

    /// <inheritdoc />
    public override string ToString() => Text is { } text ? $"\"{text}\"" : $"/{Pattern}/";
}
