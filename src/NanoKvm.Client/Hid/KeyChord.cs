using System.Globalization;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Keys pressed together: modifier bits plus up to six other keys, e.g. <c>Ctrl+Alt+Delete</c>, <c>AltGr+Q</c>,
/// <c>Shift+F10</c>, <c>Meta+R</c>. Parsed from text with <see cref="Parse"/> or built from usages.
/// </summary>
/// <remarks>
/// Modifier aliases (case-insensitive): <c>Ctrl</c>/<c>Control</c>, <c>Shift</c>, <c>Alt</c>/<c>Option</c>,
/// <c>Meta</c>/<c>Win</c>/<c>Cmd</c>/<c>Super</c> mean the left-hand key; <c>AltGr</c> is the right Alt; the
/// right-hand keys are <c>RightCtrl</c>, <c>RightShift</c>, <c>RightAlt</c>, <c>RightMeta</c> or their
/// <c>KeyboardEvent.code</c> names (<c>ControlRight</c> …). Other parts are <c>KeyboardEvent.code</c> names
/// (<c>KeyA</c>, <c>Enter</c>, <c>F12</c>, <c>ArrowUp</c>), a single letter or digit (<c>A</c>, <c>7</c>), a few
/// common short names (<c>Esc</c>, <c>Del</c>, <c>Up</c>, <c>PgDn</c> …) or a usage in hex (<c>0x28</c>).
/// </remarks>
public sealed class KeyChord : IEquatable<KeyChord>
{
    /// <summary>Most non-modifier keys a boot keyboard report can hold at once.</summary>
    public const int MaxKeys = 6;

    private static readonly Dictionary<string, byte> ModifierAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ctrl"] = KeyCodes.LeftCtrl, ["Control"] = KeyCodes.LeftCtrl, ["LCtrl"] = KeyCodes.LeftCtrl, ["LeftCtrl"] = KeyCodes.LeftCtrl,
        ["ControlLeft"] = KeyCodes.LeftCtrl,
        ["Shift"] = KeyCodes.LeftShift, ["LShift"] = KeyCodes.LeftShift, ["LeftShift"] = KeyCodes.LeftShift, ["ShiftLeft"] = KeyCodes.LeftShift,
        ["Alt"] = KeyCodes.LeftAlt, ["Option"] = KeyCodes.LeftAlt, ["Opt"] = KeyCodes.LeftAlt, ["LAlt"] = KeyCodes.LeftAlt,
        ["LeftAlt"] = KeyCodes.LeftAlt, ["AltLeft"] = KeyCodes.LeftAlt,
        ["Meta"] = KeyCodes.LeftMeta, ["Win"] = KeyCodes.LeftMeta, ["Windows"] = KeyCodes.LeftMeta, ["Cmd"] = KeyCodes.LeftMeta,
        ["Command"] = KeyCodes.LeftMeta, ["Super"] = KeyCodes.LeftMeta, ["Gui"] = KeyCodes.LeftMeta, ["LMeta"] = KeyCodes.LeftMeta,
        ["LeftMeta"] = KeyCodes.LeftMeta, ["MetaLeft"] = KeyCodes.LeftMeta, ["OSLeft"] = KeyCodes.LeftMeta,
        ["RCtrl"] = KeyCodes.RightCtrl, ["RightCtrl"] = KeyCodes.RightCtrl, ["RightControl"] = KeyCodes.RightCtrl, ["ControlRight"] = KeyCodes.RightCtrl,
        ["RShift"] = KeyCodes.RightShift, ["RightShift"] = KeyCodes.RightShift, ["ShiftRight"] = KeyCodes.RightShift,
        ["AltGr"] = KeyCodes.RightAlt, ["AltGraph"] = KeyCodes.RightAlt, ["RAlt"] = KeyCodes.RightAlt, ["RightAlt"] = KeyCodes.RightAlt,
        ["AltRight"] = KeyCodes.RightAlt,
        ["RMeta"] = KeyCodes.RightMeta, ["RightMeta"] = KeyCodes.RightMeta, ["RightWin"] = KeyCodes.RightMeta, ["MetaRight"] = KeyCodes.RightMeta,
        ["OSRight"] = KeyCodes.RightMeta,
    };

    private static readonly Dictionary<string, string> KeyAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Esc"] = "Escape", ["Del"] = "Delete", ["Ins"] = "Insert", ["Return"] = "Enter", ["Up"] = "ArrowUp",
        ["Down"] = "ArrowDown", ["Left"] = "ArrowLeft", ["Right"] = "ArrowRight", ["PgUp"] = "PageUp",
        ["PgDn"] = "PageDown", ["PageDn"] = "PageDown", ["PrtSc"] = "PrintScreen", ["PrintScr"] = "PrintScreen",
        ["Menu"] = "ContextMenu", ["Apps"] = "ContextMenu", ["Break"] = "Pause", ["Caps"] = "CapsLock",
        ["Bksp"] = "Backspace", ["BackSpace"] = "Backspace",
    };

    private readonly byte[] _keys;

    private KeyChord(byte modifiers, byte[] keys)
    {
        Modifiers = modifiers;
        _keys = keys;
    }

    /// <summary>Modifier bits (<see cref="KeyCodes.LeftCtrl"/> …).</summary>
    public byte Modifiers { get; }

    /// <summary>Non-modifier key usages, in press order (at most <see cref="MaxKeys"/>).</summary>
    public IReadOnlyList<byte> Keys => _keys;

    internal ReadOnlySpan<byte> KeySpan => _keys;

    /// <summary>Builds a chord from modifier bits and key usages.</summary>
    /// <param name="modifiers">Modifier bits.</param>
    /// <param name="usages">Key usages; modifier usages (0xE0–0xE7) are folded into <paramref name="modifiers"/>.</param>
    /// <returns>The chord.</returns>
    /// <exception cref="ArgumentException">More than six keys, a duplicate, usage 0, or nothing at all.</exception>
    public static KeyChord FromUsages(byte modifiers, params byte[] usages)
    {
        ArgumentNullException.ThrowIfNull(usages);
        var keys = new List<byte>(usages.Length);
        foreach (var usage in usages)
        {
            if (usage is 0 or 1 or 2 or 3)
            {
                throw new ArgumentException($"HID usage 0x{usage:X2} is a reserved error code, not a key.", nameof(usages));
            }

            if (KeyCodes.IsModifier(usage))
            {
                modifiers |= KeyCodes.ModifierBit(usage);
            }
            else if (!keys.Contains(usage))
            {
                keys.Add(usage);
            }
        }

        if (keys.Count > MaxKeys)
        {
            throw new ArgumentException($"A chord can hold at most {MaxKeys} non-modifier keys; got {keys.Count}.", nameof(usages));
        }

        if (keys.Count == 0 && modifiers == 0)
        {
            throw new ArgumentException("A chord needs at least one key.", nameof(usages));
        }

        return new KeyChord(modifiers, [.. keys]);
    }

    /// <summary>Parses text such as <c>Ctrl+Alt+Delete</c> or <c>AltGr+Q</c> (see remarks of the type).</summary>
    /// <param name="text">The chord; parts separated by <c>+</c> (a literal plus key is <c>Equal</c> with Shift, or <c>NumpadAdd</c>).</param>
    /// <returns>The chord.</returns>
    /// <exception cref="ArgumentException">A part is not a known key, or there are more than six keys.</exception>
    public static KeyChord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var chord, out var error) ? chord : throw new ArgumentException(error, nameof(text));
    }

    /// <summary>Parses a chord without throwing.</summary>
    /// <param name="text">The chord text.</param>
    /// <param name="chord">The chord when successful.</param>
    /// <returns>True when the text is a valid chord.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KeyChord? chord) =>
        TryParse(text, out chord, out _);

    private static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KeyChord? chord, out string error)
    {
        chord = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A key chord must not be empty.";
            return false;
        }

        byte modifiers = 0;
        var keys = new List<byte>();
        foreach (var raw in text.Split('+'))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                error = $"Key chord '{text}' has an empty part; write a literal '+' as Shift+Equal or NumpadAdd.";
                return false;
            }

            if (ModifierAliases.TryGetValue(part, out var bit))
            {
                modifiers |= bit;
                continue;
            }

            if (!TryKey(part, out var usage))
            {
                error = $"'{part}' in key chord '{text}' is not a known key; use KeyboardEvent.code names such as KeyA, Enter, F12, ArrowUp, ControlLeft.";
                return false;
            }

            if (KeyCodes.IsModifier(usage))
            {
                modifiers |= KeyCodes.ModifierBit(usage);
            }
            else if (!keys.Contains(usage))
            {
                keys.Add(usage);
            }
        }

        if (keys.Count > MaxKeys)
        {
            error = $"Key chord '{text}' has {keys.Count} non-modifier keys; a keyboard report holds at most {MaxKeys}.";
            return false;
        }

        chord = new KeyChord(modifiers, [.. keys]);
        error = string.Empty;
        return true;
    }

    private static bool TryKey(string part, out byte usage)
    {
        if (KeyCodes.TryGetUsage(part, out usage))
        {
            return true;
        }

        if (KeyAliases.TryGetValue(part, out var alias))
        {
            return KeyCodes.TryGetUsage(alias, out usage);
        }

        if (part.Length == 1 && char.IsAsciiLetter(part[0]))
        {
            usage = (byte)(0x04 + (char.ToUpperInvariant(part[0]) - 'A'));
            return true;
        }

        if (part.Length == 1 && char.IsAsciiDigit(part[0]))
        {
            return KeyCodes.TryGetUsage("Digit" + part, out usage);
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && byte.TryParse(part.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out usage) && usage > 3)
        {
            return true;
        }

        usage = 0;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(KeyChord? other) =>
        other is not null && other.Modifiers == Modifiers && other.KeySpan.SequenceEqual(KeySpan);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KeyChord);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Modifiers);
        foreach (var key in _keys)
        {
            hash.Add(key);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        string[] names = ["Ctrl", "Shift", "Alt", "Meta", "RightCtrl", "RightShift", "AltGr", "RightMeta"];
        for (var i = 0; i < 8; i++)
        {
            if ((Modifiers & (1 << i)) != 0)
            {
                parts.Add(names[i]);
            }
        }

        foreach (var key in _keys)
        {
            parts.Add(KeyCodes.NameOf(key) ?? $"0x{key:X2}");
        }

        return string.Join('+', parts);
    }
}
