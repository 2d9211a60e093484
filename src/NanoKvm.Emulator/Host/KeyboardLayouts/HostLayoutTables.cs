namespace NanoKvm.Emulator.Host.KeyboardLayouts;

/// <summary>
/// The host layouts, one row per physical key: usage → "normal shift altgr" characters ('·' = nothing; dead
/// keys produce nothing here because the emulated host does not compose).
/// </summary>
internal static class HostLayoutTables
{
    public static readonly HostLayout Us = Make("us",
    [
        (0x1E, "1!"), (0x1F, "2@"), (0x20, "3#"), (0x21, "4$"), (0x22, "5%"), (0x23, "6^"), (0x24, "7&"), (0x25, "8*"),
        (0x26, "9("), (0x27, "0)"), (0x2D, "-_"), (0x2E, "=+"), (0x2F, "[{"), (0x30, "]}"), (0x31, "\\|"), (0x32, "\\|"),
        (0x33, ";:"), (0x34, "'\""), (0x35, "`~"), (0x36, ",<"), (0x37, ".>"), (0x38, "/?"), (0x64, "<>"),
    ]);

    public static readonly HostLayout Uk = Make("uk",
    [
        (0x1E, "1!"), (0x1F, "2\""), (0x20, "3£"), (0x21, "4$€"), (0x22, "5%"), (0x23, "6^"), (0x24, "7&"), (0x25, "8*"),
        (0x26, "9("), (0x27, "0)"), (0x2D, "-_"), (0x2E, "=+"), (0x2F, "[{"), (0x30, "]}"), (0x31, "#~"), (0x32, "#~"),
        (0x33, ";:"), (0x34, "'@"), (0x35, "`¬¦"), (0x36, ",<"), (0x37, ".>"), (0x38, "/?"), (0x64, "\\|"),
    ]);

    public static readonly HostLayout De = Make("de",
    [
        (0x1C, "zZ"), (0x1D, "yY"), (0x14, "qQ@"), (0x08, "eE€"), (0x10, "mMµ"),
        (0x1E, "1!"), (0x1F, "2\"²"), (0x20, "3§³"), (0x21, "4$"), (0x22, "5%"), (0x23, "6&"), (0x24, "7/{"),
        (0x25, "8(["), (0x26, "9)]"), (0x27, "0=}"), (0x2D, "ß?\\"), (0x2E, "···"), (0x2F, "üÜ"), (0x30, "+*~"),
        (0x31, "#'"), (0x32, "#'"), (0x33, "öÖ"), (0x34, "äÄ"), (0x35, "·°"), (0x36, ",;"), (0x37, ".:"), (0x38, "-_"),
        (0x64, "<>|"),
    ]);

    public static readonly HostLayout Fr = Make("fr",
    [
        (0x14, "aA"), (0x04, "qQ"), (0x1A, "zZ"), (0x1D, "wW"), (0x33, "mM"), (0x10, ",?"), (0x08, "eE€"),
        (0x1E, "&1"), (0x1F, "é2~"), (0x20, "\"3#"), (0x21, "'4{"), (0x22, "(5["), (0x23, "-6|"), (0x24, "è7`"),
        (0x25, "_8\\"), (0x26, "ç9^"), (0x27, "à0@"), (0x2D, ")°]"), (0x2E, "=+}"), (0x2F, "···"), (0x30, "$£¤"),
        (0x31, "*µ"), (0x32, "*µ"), (0x34, "ù%"), (0x35, "²"), (0x36, ";."), (0x37, ":/"), (0x38, "!§"), (0x64, "<>"),
    ]);

    private static HostLayout Make(string name, (byte Usage, string Chars)[] rows) =>
        HostLayout.Build(name, Common().Concat(Letters()).Concat(rows));

    private static IEnumerable<(byte, string)> Letters()
    {
        for (var i = 0; i < 26; i++)
        {
            yield return ((byte)(0x04 + i), $"{(char)('a' + i)}{(char)('A' + i)}");
        }
    }

    private static IEnumerable<(byte, string)> Common() =>
    [
        (0x2C, "  "),
        (0x54, "//"), (0x55, "**"), (0x56, "--"), (0x57, "++"), (0x59, "11"), (0x5A, "22"), (0x5B, "33"), (0x5C, "44"),
        (0x5D, "55"), (0x5E, "66"), (0x5F, "77"), (0x60, "88"), (0x61, "99"), (0x62, "00"), (0x63, ".."),
    ];
}
