using NanoKvm.Client.Hid;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// Turns the key names agents and the reference server use (<c>enter</c>, <c>up</c>, <c>!</c>, <c>ctrl</c>...) into
/// the SDK's chord text, adding the tool's modifier flags.
/// </summary>
internal static class KeyNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["up"] = "ArrowUp",
        ["down"] = "ArrowDown",
        ["left"] = "ArrowLeft",
        ["right"] = "ArrowRight",
        ["esc"] = "Escape",
        ["del"] = "Delete",
        ["ins"] = "Insert",
        ["pgup"] = "PageUp",
        ["pgdn"] = "PageDown",
        ["page_up"] = "PageUp",
        ["page_down"] = "PageDown",
        ["return"] = "Enter",
        ["spacebar"] = "Space",
        ["bksp"] = "Backspace",
        ["prtsc"] = "PrintScreen",
        ["print_screen"] = "PrintScreen",
        ["menu"] = "ContextMenu",
        [" "] = "Space",
    };

    /// <summary>The chord in the SDK's canonical spelling (e.g. <c>Ctrl+KeyA</c>), validated.</summary>
    /// <exception cref="ArgumentException">Not a known key or chord; ParamName is <paramref name="argument"/>.</exception>
    public static string ToChord(string key, bool ctrl, bool shift, bool alt, bool meta, string argument)
    {
        var text = ToChordText(key, ctrl, shift, alt, meta, argument);
        return KeyChord.TryParse(text, out var chord)
            ? chord.ToString()
            : throw new ArgumentException(
                $"'{key}' is not a known key or chord. Use names such as Enter, Escape, Tab, F2, Up, a, 1, Delete, or chords such as Ctrl+Alt+Delete.",
                argument);
    }

    private static string ToChordText(string key, bool ctrl, bool shift, bool alt, bool meta, string argument)
    {
        if (string.IsNullOrWhiteSpace(key) && key != " ")
        {
            throw new ArgumentException("Must name a key, e.g. Enter.", argument);
        }

        var name = key == " " ? key : key.Trim();
        var prefix = (ctrl ? "Ctrl+" : string.Empty) + (shift ? "Shift+" : string.Empty) + (alt ? "Alt+" : string.Empty) + (meta ? "Meta+" : string.Empty);
        if (Aliases.TryGetValue(name, out var alias))
        {
            return prefix + alias;
        }

        // A single printable character that is not a letter or digit ("!", "/", "?") is typed as on a US keyboard,
        // adding Shift when the character needs it, as the reference server did.
        if (name.Length == 1 && !char.IsAsciiLetterOrDigit(name[0])
            && KeyboardLayout.Get("us").TryGetStroke(name[0], out var stroke)
            && KeyChord.FromUsages(stroke.Modifiers, stroke.Usage).ToString() is { } text)
        {
            return prefix + text;
        }

        return prefix + name;
    }
}
