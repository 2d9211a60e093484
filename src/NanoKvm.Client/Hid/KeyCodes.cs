using System.Collections.Frozen;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Browser <c>KeyboardEvent.code</c> names and their USB HID usages (page 0x07), plus the modifier bits of the
/// boot keyboard report. Names compare case-insensitively.
/// </summary>
public static class KeyCodes
{
    /// <summary>Modifier bit of the left Control key.</summary>
    public const byte LeftCtrl = 0x01;

    /// <summary>Modifier bit of the left Shift key.</summary>
    public const byte LeftShift = 0x02;

    /// <summary>Modifier bit of the left Alt (Option) key.</summary>
    public const byte LeftAlt = 0x04;

    /// <summary>Modifier bit of the left Meta (Windows, Command, Super) key.</summary>
    public const byte LeftMeta = 0x08;

    /// <summary>Modifier bit of the right Control key.</summary>
    public const byte RightCtrl = 0x10;

    /// <summary>Modifier bit of the right Shift key.</summary>
    public const byte RightShift = 0x20;

    /// <summary>Modifier bit of the right Alt key, which is AltGr on most non-US layouts.</summary>
    public const byte RightAlt = 0x40;

    /// <summary>Modifier bit of the right Meta key.</summary>
    public const byte RightMeta = 0x80;

    /// <summary>First modifier usage (0xE0, left Control); 0xE0–0xE7 map to the bits 0x01–0x80.</summary>
    public const byte FirstModifierUsage = 0xE0;

    private static readonly FrozenDictionary<string, byte> Usages = Build().ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Canonical name per usage for display: the first name Build() registers (aliases come last).
    private static readonly FrozenDictionary<byte, string> Names = Build()
        .GroupBy(pair => pair.Value)
        .ToFrozenDictionary(group => group.Key, group => group.First().Key);

    /// <summary>Every known name with its usage.</summary>
    public static IReadOnlyDictionary<string, byte> All => Usages;

    /// <summary>Looks up the usage of a <c>KeyboardEvent.code</c> name such as <c>KeyA</c>, <c>F12</c> or <c>AltRight</c>.</summary>
    /// <param name="code">The name.</param>
    /// <param name="usage">The HID usage.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryGetUsage(string code, out byte usage)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Usages.TryGetValue(code, out usage);
    }

    /// <summary>The <c>KeyboardEvent.code</c> name of a usage (e.g. 0x28 → <c>Enter</c>), or null when it has none.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The name.</returns>
    public static string? NameOf(byte usage) => Names.TryGetValue(usage, out var name) ? name : null;

    /// <summary>Whether a usage is one of the eight modifier keys (0xE0–0xE7).</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>True for modifiers.</returns>
    public static bool IsModifier(byte usage) => usage >= FirstModifierUsage && usage <= FirstModifierUsage + 7;

    /// <summary>The modifier bit of a modifier usage (0xE0 → 0x01 … 0xE7 → 0x80), or 0 for other usages.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The bit.</returns>
    public static byte ModifierBit(byte usage) => IsModifier(usage) ? (byte)(1 << (usage - FirstModifierUsage)) : (byte)0;

    private static Dictionary<string, byte> Build()
    {
        var map = new Dictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < 26; i++)
        {
            map["Key" + (char)('A' + i)] = (byte)(0x04 + i);
        }

        for (var i = 1; i <= 9; i++)
        {
            map["Digit" + i] = (byte)(0x1E + i - 1);
            map["Numpad" + i] = (byte)(0x59 + i - 1);
        }

        map["Digit0"] = 0x27;
        map["Numpad0"] = 0x62;
        for (var i = 1; i <= 12; i++)
        {
            map["F" + i] = (byte)(0x3A + i - 1);
        }

        for (var i = 13; i <= 24; i++)
        {
            map["F" + i] = (byte)(0x68 + i - 13);
        }

        (string Name, byte Usage)[] named =
        [
            ("Enter", 0x28), ("Escape", 0x29), ("Backspace", 0x2A), ("Tab", 0x2B), ("Space", 0x2C),
            ("Minus", 0x2D), ("Equal", 0x2E), ("BracketLeft", 0x2F), ("BracketRight", 0x30), ("Backslash", 0x31),
            ("IntlHash", 0x32), ("Semicolon", 0x33), ("Quote", 0x34), ("Backquote", 0x35), ("Comma", 0x36),
            ("Period", 0x37), ("Slash", 0x38), ("CapsLock", 0x39), ("PrintScreen", 0x46), ("ScrollLock", 0x47),
            ("Pause", 0x48), ("Insert", 0x49), ("Home", 0x4A), ("PageUp", 0x4B), ("Delete", 0x4C), ("End", 0x4D),
            ("PageDown", 0x4E), ("ArrowRight", 0x4F), ("ArrowLeft", 0x50), ("ArrowDown", 0x51), ("ArrowUp", 0x52),
            ("NumLock", 0x53), ("NumpadDivide", 0x54), ("NumpadMultiply", 0x55), ("NumpadSubtract", 0x56),
            ("NumpadAdd", 0x57), ("NumpadEnter", 0x58), ("NumpadDecimal", 0x63), ("IntlBackslash", 0x64),
            ("ContextMenu", 0x65), ("Power", 0x66), ("NumpadEqual", 0x67), ("Help", 0x75), ("Select", 0x77),
            ("Again", 0x79), ("Undo", 0x7A), ("Cut", 0x7B), ("Copy", 0x7C), ("Paste", 0x7D), ("Find", 0x7E),
            ("AudioVolumeMute", 0x7F), ("AudioVolumeUp", 0x80), ("AudioVolumeDown", 0x81), ("NumpadComma", 0x85),
            ("IntlRo", 0x87), ("KanaMode", 0x88), ("IntlYen", 0x89), ("Convert", 0x8A), ("NonConvert", 0x8B),
            ("Lang1", 0x90), ("Lang2", 0x91), ("Lang3", 0x92), ("Lang4", 0x93), ("Lang5", 0x94),
            ("ControlLeft", 0xE0), ("ShiftLeft", 0xE1), ("AltLeft", 0xE2), ("MetaLeft", 0xE3),
            ("ControlRight", 0xE4), ("ShiftRight", 0xE5), ("AltRight", 0xE6), ("MetaRight", 0xE7),
        ];
        foreach (var (name, usage) in named)
        {
            map[name] = usage;
        }

        // Older browsers' names for the same keys.
        map["OSLeft"] = 0xE3;
        map["OSRight"] = 0xE7;
        map["Return"] = 0x28;
        map["Esc"] = 0x29;
        return map;
    }
}
