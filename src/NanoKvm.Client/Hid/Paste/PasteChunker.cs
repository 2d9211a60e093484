using System.Text;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Splits paste text at the firmware's limit: 1024 UTF-8 bytes up to 2.4.x, 833 runes from 2.5.0 (whose 25 s
/// budget at 30 ms per character is the same number). Never splits a surrogate pair or a <c>\r\n</c>.
/// </summary>
internal static class PasteChunker
{
    /// <summary>Typing time of one request when the caller wants progress: half a second, so reports come at least every second.</summary>
    private static readonly TimeSpan ProgressChunkDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Characters per request that the device types in about <see cref="ProgressChunkDuration"/>.</summary>
    public static int ProgressChunkCharacters(FirmwareCapabilities capabilities) =>
        Math.Max(1, (int)(ProgressChunkDuration / capabilities.PasteCharacterDelay));

    /// <param name="text">The text.</param>
    /// <param name="capabilities">The firmware's limits.</param>
    /// <param name="maxCharacters">A smaller cap on characters per request (a surrogate pair or CR LF is one), or null.</param>
    public static List<string> Split(string text, FirmwareCapabilities capabilities, int? maxCharacters = null)
    {
        var chunks = new List<string>();
        var limit = capabilities.PasteLimit;
        if (capabilities.PasteMaxDuration is { } budget)
        {
            limit = Math.Min(limit, (int)(budget / capabilities.PasteCharacterDelay));
        }

        var start = 0;
        var size = 0;
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (length == 1 && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                length = 2;
            }

            var cost = capabilities.PasteLimitUnit == PasteLimitUnit.Utf8Bytes
                ? Encoding.UTF8.GetByteCount(text.AsSpan(i, length))
                : (length == 2 && text[i] == '\r' ? 2 : 1);
            if ((size + cost > limit || count + 1 > maxCharacters) && size > 0)
            {
                chunks.Add(text[start..i]);
                start = i;
                size = 0;
                count = 0;
            }

            size += cost;
            count++;
            i += length;
        }

        if (start < text.Length)
        {
            chunks.Add(text[start..]);
        }

        return chunks;
    }
}
