namespace NanoKvm.Emulator.Host.KeyboardLayouts;

/// <summary>
/// What the host's OS makes of each physical key: per HID usage the character without modifiers, with Shift and
/// with AltGr ('\0' = nothing, e.g. a dead key). Written per keyboard row, independently of the SDK's
/// character → key tables, so a round trip through both really checks them.
/// </summary>
public sealed class HostLayout
{
    private readonly Dictionary<byte, (char Normal, char Shift, char AltGr)> _keys;

    private HostLayout(string name, Dictionary<byte, (char, char, char)> keys)
    {
        Name = name;
        _keys = keys;
    }

    /// <summary>The layout's short name: us, uk, de or fr.</summary>
    public string Name { get; }

    /// <summary>Returns a layout by name (<c>en</c> and <c>gb</c> are accepted too).</summary>
    /// <param name="name">us, uk, de or fr.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static HostLayout Get(string name) => name.ToLowerInvariant() switch
    {
        "us" or "en" => HostLayoutTables.Us,
        "uk" or "gb" => HostLayoutTables.Uk,
        "de" => HostLayoutTables.De,
        "fr" => HostLayoutTables.Fr,
        _ => throw new ArgumentException($"Unknown host keyboard layout '{name}'; use us, uk, de or fr.", nameof(name)),
    };

    /// <summary>The character a key produces, or '\0'.</summary>
    public char Resolve(byte usage, bool shift, bool altGr, bool capsLock)
    {
        if (!_keys.TryGetValue(usage, out var key))
        {
            return '\0';
        }

        if (altGr)
        {
            return shift ? '\0' : key.AltGr;
        }

        // Caps Lock acts on letters whose shifted form is their capital; Shift then gives the small letter back.
        if (capsLock && char.IsLetter(key.Normal) && char.ToUpperInvariant(key.Normal) == key.Shift)
        {
            shift = !shift;
        }

        return shift ? key.Shift : key.Normal;
    }

    internal static HostLayout Build(string name, IEnumerable<(byte Usage, string Chars)> rows)
    {
        var keys = new Dictionary<byte, (char, char, char)>();
        foreach (var (usage, chars) in rows)
        {
            keys[usage] = (At(chars, 0), At(chars, 1), At(chars, 2));
        }

        return new HostLayout(name, keys);
    }

    private static char At(string chars, int index) => index < chars.Length && chars[index] != '·' ? chars[index] : '\0';
}
