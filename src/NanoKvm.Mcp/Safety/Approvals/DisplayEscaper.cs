using System.Globalization;
using System.Text;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>
/// Makes text safe to show a human inside a line the server writes: nothing in it can start a new line, hide
/// itself, or reorder what is shown around it. Line breaks, quotes and backslashes become <c>\n</c>, <c>\"</c>,
/// <c>\\</c>; control, format (bidi overrides and isolates, zero-width characters), separator, private-use and
/// unassigned characters, spaces other than the plain space, and broken surrogates become <c>\u202E</c> or
/// <c>\u{1D173}</c>. Everything else (letters of any script, emoji) stays as it is.
/// </summary>
internal static class DisplayEscaper
{
    /// <summary>The text between double quotes, escaped.</summary>
    public static string Quote(string text) => "\"" + Escape(text) + "\"";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 2);
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[index]:X4}");
                index++;
                continue;
            }

            index += consumed;
            switch (rune.Value)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '"':
                    escaped.Append("\\\"");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                case '\r':
                    escaped.Append(@"\r");
                    break;
                case '\t':
                    escaped.Append(@"\t");
                    break;
                default:
                    if (IsHidden(rune) && rune.IsBmp)
                    {
                        escaped.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
                    }
                    else if (IsHidden(rune))
                    {
                        escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X}}}");
                    }
                    else
                    {
                        escaped.Append(rune.ToString());
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>True for characters a reader could not see, or that change how the characters around them are shown.</summary>
    private static bool IsHidden(Rune rune) => rune.Value != ' ' && Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or
        UnicodeCategory.Format or
        UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or
        UnicodeCategory.SpaceSeparator or
        UnicodeCategory.PrivateUse or
        UnicodeCategory.OtherNotAssigned or
        UnicodeCategory.Surrogate => true,
        _ => false,
    };
}
