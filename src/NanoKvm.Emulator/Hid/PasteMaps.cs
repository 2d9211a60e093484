namespace NanoKvm.Emulator.Hid;

/// <summary>
/// The device's paste maps (rune → modifier + usage): a US base map, and for <c>de</c> and <c>fr</c> a copy with
/// entries changed or added. Any other <c>langue</c> uses the base map. Unknown runes are skipped by the device.
/// </summary>
internal static class PasteMaps
{
    private const byte Shift = 0x02;
    private const byte AltGr = 0x40;

    private static readonly Dictionary<char, (byte Modifiers, byte Usage)> Base = BuildBase();
    private static readonly Dictionary<char, (byte Modifiers, byte Usage)> German = Derive(Base,
    [
        ('y', 0, 29), ('Y', Shift, 29), ('z', 0, 28), ('Z', Shift, 28),
        ('ä', 0, 52), ('Ä', Shift, 52), ('ö', 0, 51), ('Ö', Shift, 51), ('ü', 0, 47), ('Ü', Shift, 47), ('ß', 0, 45),
        ('^', 0, 53), ('/', Shift, 36), ('(', Shift, 37), ('&', Shift, 35), (')', Shift, 38), ('`', Shift, 46),
        ('"', Shift, 31), ('?', Shift, 45), ('{', AltGr, 36), ('[', AltGr, 37), (']', AltGr, 38), ('}', AltGr, 39),
        ('\\', AltGr, 45), ('@', AltGr, 20), ('+', 0, 48), ('*', Shift, 48), ('~', AltGr, 48), ('#', 0, 49),
        ('\'', Shift, 49), ('<', 0, 100), ('>', Shift, 100), ('|', AltGr, 100), (';', Shift, 54), (':', Shift, 55),
        ('-', 0, 56), ('_', Shift, 56), ('´', 0, 46), ('°', Shift, 53), ('§', Shift, 32), ('€', AltGr, 8),
        ('²', AltGr, 31), ('³', AltGr, 32),
    ]);

    private static readonly Dictionary<char, (byte Modifiers, byte Usage)> French = Derive(Base,
    [
        ('a', 0, 20), ('A', Shift, 20), ('q', 0, 4), ('Q', Shift, 4), ('z', 0, 26), ('Z', Shift, 26),
        ('w', 0, 29), ('W', Shift, 29), ('m', 0, 51), ('M', Shift, 51),
        ('1', Shift, 30), ('2', Shift, 31), ('3', Shift, 32), ('4', Shift, 33), ('5', Shift, 34), ('6', Shift, 35),
        ('7', Shift, 36), ('8', Shift, 37), ('9', Shift, 38), ('0', Shift, 39),
        ('&', 0, 30), ('é', 0, 31), ('"', 0, 32), ('\'', 0, 33), ('(', 0, 34), ('-', 0, 35), ('è', 0, 36), ('_', 0, 37),
        ('ç', 0, 38), ('à', 0, 39), (')', 0, 45), ('°', Shift, 45), ('^', 0, 47), ('¨', Shift, 47), ('$', 0, 48),
        ('£', Shift, 48), ('*', 0, 49), ('µ', Shift, 49), ('ù', 0, 52), ('%', Shift, 52), (',', 0, 16), ('?', Shift, 16),
        (';', 0, 54), ('.', Shift, 54), (':', 0, 55), ('/', Shift, 55), ('!', 0, 56), ('§', Shift, 56),
        ('~', AltGr, 31), ('#', AltGr, 32), ('{', AltGr, 33), ('[', AltGr, 34), ('|', AltGr, 35), ('`', AltGr, 36),
        ('\\', AltGr, 37), (']', AltGr, 45), ('}', AltGr, 46), ('@', AltGr, 39), ('€', AltGr, 8),
    ]);

    public static IReadOnlyDictionary<char, (byte Modifiers, byte Usage)> For(string? langue, IReadOnlyList<string> supported) =>
        langue is not null && supported.Contains(langue)
            ? langue switch
            {
                "de" => German,
                "fr" => French,
                _ => Base,
            }
            : Base;

    private static Dictionary<char, (byte, byte)> BuildBase()
    {
        var map = new Dictionary<char, (byte, byte)>();
        for (var i = 0; i < 26; i++)
        {
            map[(char)('a' + i)] = (0, (byte)(4 + i));
            map[(char)('A' + i)] = (Shift, (byte)(4 + i));
        }

        const string Digits = "1234567890";
        const string ShiftedDigits = "!@#$%^&*()";
        for (var i = 0; i < 10; i++)
        {
            map[Digits[i]] = (0, (byte)(30 + i));
            map[ShiftedDigits[i]] = (Shift, (byte)(30 + i));
        }

        (char, byte, byte)[] rest =
        [
            ('\n', 0, 40), ('\t', 0, 43), (' ', 0, 44), ('-', 0, 45), ('=', 0, 46), ('[', 0, 47), (']', 0, 48),
            ('\\', 0, 49), (';', 0, 51), ('\'', 0, 52), ('`', 0, 53), (',', 0, 54), ('.', 0, 55), ('/', 0, 56),
            ('_', Shift, 45), ('+', Shift, 46), ('{', Shift, 47), ('}', Shift, 48), ('|', Shift, 49), (':', Shift, 51),
            ('"', Shift, 52), ('~', Shift, 53), ('<', Shift, 54), ('>', Shift, 55), ('?', Shift, 56),
        ];
        foreach (var (c, modifiers, usage) in rest)
        {
            map[c] = (modifiers, usage);
        }

        return map;
    }

    private static Dictionary<char, (byte, byte)> Derive(Dictionary<char, (byte, byte)> baseMap, (char, byte, byte)[] changes)
    {
        var map = new Dictionary<char, (byte, byte)>(baseMap);
        foreach (var (c, modifiers, usage) in changes)
        {
            map[c] = (modifiers, usage);
        }

        return map;
    }
}
