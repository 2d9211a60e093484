using System.Globalization;
using System.Text;

namespace NanoKvm.Client;

/// <summary>
/// Makes text that came from the device safe to put in an exception message or a log entry: cut to a length a
/// reader can take in, control and layout characters escaped (so a device cannot break a log line, forge another,
/// or send terminal escapes), invalid UTF-8 replaced. Every place where device text enters a message goes through
/// here, so the rule is one rule.
/// </summary>
internal static class DeviceText
{
    /// <summary>Characters kept from one piece of device text; a real device message is a few words.</summary>
    public const int MaxChars = 200;

    // Bytes decoded before cutting: enough for MaxChars of 4-byte sequences, so a 16 MiB body is never decoded whole.
    private const int MaxDecodedBytes = MaxChars * 4;

    /// <summary>Escapes and caps <paramref name="text"/>; null stays null.</summary>
    public static string? Clean(string? text) => text is null ? null : Clean(text.AsSpan(), totalBytes: null);

    /// <summary>Decodes UTF-8 (replacing invalid sequences), then escapes and caps it.</summary>
    public static string Clean(ReadOnlySpan<byte> utf8)
    {
        var decoded = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, MaxDecodedBytes)]);
        return Clean(decoded.AsSpan(), utf8.Length > MaxDecodedBytes ? utf8.Length : null);
    }

    private static string Clean(ReadOnlySpan<char> text, int? totalBytes)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxChars) + 16);
        var kept = 0;
        var i = 0;
        for (; i < text.Length && kept < MaxChars; i++, kept++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (i < text.Length || totalBytes is not null)
        {
            builder.Append("… (cut; ")
                .Append(totalBytes is { } bytes
                    ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes"
                    : text.Length.ToString(CultureInfo.InvariantCulture) + " characters")
                .Append(" in all)");
        }

        return builder.ToString();
    }

    // Controls (C0, DEL, C1), unpaired surrogates, line/paragraph separators and the bidirectional overrides that
    // can make a log line read differently from what it contains.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c)
        || char.IsSurrogate(c)
        || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\uFEFF'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
