using System.Collections.Frozen;

namespace NanoKvm.Client.Hid;

/// <summary>
/// A keyboard layout of the target host, as data: which key and modifiers produce each character. The client
/// needs it because the device sends key positions, and the host's own layout turns them into characters.
/// </summary>
/// <remarks>
/// Built in: <c>us</c>, <c>de</c> (QWERTZ), <c>fr</c> (AZERTY), <c>uk</c> (ISO). Characters reachable only through
/// dead keys (for example <c>^</c>, <c>`</c> and <c>´</c> on <c>de</c>, accented capitals on <c>fr</c>) are not in
/// the tables: typing them would need a compose sequence whose result differs per host OS.
/// </remarks>
public sealed class KeyboardLayout
{
    private static readonly FrozenDictionary<string, KeyboardLayout> Layouts = new Dictionary<string, KeyboardLayout>(StringComparer.OrdinalIgnoreCase)
    {
        ["us"] = new("us", LayoutTables.Us, LayoutTables.UsLetterSwaps),
        ["de"] = new("de", LayoutTables.De, LayoutTables.DeLetterSwaps),
        ["fr"] = new("fr", LayoutTables.Fr, LayoutTables.FrLetterSwaps),
        ["uk"] = new("uk", LayoutTables.Uk, LayoutTables.UsLetterSwaps),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<char, KeyStroke> _strokes;

    private KeyboardLayout(string name, string table, IReadOnlyDictionary<char, string> letterSwaps)
    {
        Name = name;
        _strokes = Build(table, letterSwaps).ToFrozenDictionary();
    }

    /// <summary>The layout's name (<c>us</c>, <c>de</c>, <c>fr</c>, <c>uk</c>).</summary>
    public string Name { get; }

    /// <summary>Names of the built-in layouts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["us", "de", "fr", "uk"];

    /// <summary>Every character the layout can type (besides none other).</summary>
    public IEnumerable<char> Characters => _strokes.Keys;

    /// <summary>Returns a built-in layout by name (case-insensitive; <c>en</c> and <c>gb</c> are accepted as aliases).</summary>
    /// <param name="name">Layout name.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">Unknown layout.</exception>
    public static KeyboardLayout Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.ToLowerInvariant() switch
        {
            "en" or "en-us" => "us",
            "gb" or "en-gb" => "uk",
            "de-de" => "de",
            "fr-fr" => "fr",
            var other => other,
        };
        return Layouts.TryGetValue(key, out var layout)
            ? layout
            : throw new ArgumentException($"Unknown keyboard layout '{name}'; use one of {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Finds how to type a character.</summary>
    /// <param name="character">The character.</param>
    /// <param name="stroke">Key and modifiers.</param>
    /// <returns>False when the layout cannot type it without dead keys or compose sequences.</returns>
    public bool TryGetStroke(char character, out KeyStroke stroke) => _strokes.TryGetValue(character, out stroke);

    private static Dictionary<char, KeyStroke> Build(string table, IReadOnlyDictionary<char, string> letterSwaps)
    {
        var raw = new Dictionary<char, (byte Usage, byte Modifiers)>
        {
            ['\n'] = (0x28, 0),
            ['\t'] = (0x2B, 0),
            [' '] = (0x2C, 0),
        };
        for (var c = 'a'; c <= 'z'; c++)
        {
            var code = letterSwaps.TryGetValue(c, out var swapped) ? swapped : "Key" + char.ToUpperInvariant(c);
            var usage = Usage(code);
            raw[c] = (usage, 0);
            raw[char.ToUpperInvariant(c)] = (usage, KeyCodes.LeftShift);
        }

        foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "<character> <spec>", spec = [Shift+][AltGr+]KeyboardEvent.code
            var character = line[0];
            var spec = line[2..];
            byte modifiers = 0;
            if (spec.StartsWith("Shift+", StringComparison.Ordinal))
            {
                modifiers |= KeyCodes.LeftShift;
                spec = spec[6..];
            }

            if (spec.StartsWith("AltGr+", StringComparison.Ordinal))
            {
                modifiers |= KeyCodes.RightAlt;
                spec = spec[6..];
            }

            raw[character] = (Usage(spec), modifiers);
        }

        var strokes = new Dictionary<char, KeyStroke>(raw.Count);
        foreach (var (character, (usage, modifiers)) in raw)
        {
            var other = char.IsUpper(character) ? char.ToLowerInvariant(character) : char.ToUpperInvariant(character);
            var caps = char.IsLetter(character) && other != character && (modifiers & KeyCodes.RightAlt) == 0
                && raw.TryGetValue(other, out var pair) && pair.Usage == usage && pair.Modifiers == (modifiers ^ KeyCodes.LeftShift);
            strokes[character] = new KeyStroke(usage, modifiers, caps);
        }

        return strokes;
    }

    private static byte Usage(string code) =>
        KeyCodes.TryGetUsage(code, out var usage) ? usage : throw new InvalidOperationException($"Layout table names unknown key '{code}'.");
}
