using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client.Hid;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Progress;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>The target's keyboard: text, keys, chords and sequences, lock LEDs.</summary>
[McpServerToolType]
internal sealed class KeyboardTools(DeviceRegistry registry)
{
    internal const int MaxTextLength = 20_000;

    // Layouts the KVM's paste endpoint knows; others are typed key by key with this server's layout tables.
    private static readonly string[] PasteLanguages = ["us", "de", "fr"];

    [McpServerTool(Name = "nanokvm_send_text", Title = "Type text on the target",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Types text on the TARGET computer, any length (sent in chunks), as if typed on a keyboard with the " +
        "given layout. Reports how many characters were typed, which could not be typed on that layout, and how long " +
        "it took. Newlines press Enter. Long texts take time (us/de/fr go through the KVM's own typing at about 33 " +
        "characters per second); progress is reported when the client asks for it. For shortcuts and special keys " +
        "use nanokvm_send_key.")]
    public async Task<TypedTextResult> SendTextAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The text to type (up to 20000 characters)."), Length(1, MaxTextLength)] string text,
        [Description("Keyboard layout the target uses: us (default; \"\" also means us), de, fr or uk.")]
        [AllowedValues("", "us", "de", "fr", "uk")]
        string language = "us",
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckText(text, nameof(text));
        var layout = string.IsNullOrEmpty(language) ? "us" : language.Trim().ToLowerInvariant();
        var kvm = registry.Resolve(device);
        var started = TimeProvider.System.GetTimestamp();
        await using var progress = ProgressNotifier.Start(context, cancellationToken);
        if (PasteLanguages.Contains(layout, StringComparer.Ordinal) && await PastesLayoutAsync(kvm, layout, cancellationToken))
        {
            var pasted = await ArgumentNames.RenameAsync(() => kvm.Client.Keyboard.PasteAsync(text, layout, progress.Characters(), cancellationToken), "language", nameof(language));
            return Typed(kvm, "paste", layout, pasted.TypedCharacters, pasted.SkippedCharacters, started);
        }

        var typed = await TypeAsync(kvm, text, layout, TypingSpeed.Safe, nameof(language), progress, cancellationToken);
        return Typed(kvm, "websocket", layout, typed.TypedCharacters, typed.SkippedCharacters, started);
    }

    [McpServerTool(Name = "nanokvm_type_text", Title = "Type text key by key",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Types text on the TARGET key by key over the KVM's HID connection, using this server's layout tables " +
        "(Shift/AltGr pressed explicitly, Caps Lock compensated). Works where the KVM's paste does not (busy paste, " +
        "layouts it lacks). Characters the layout cannot type are skipped and reported. Choose speed: " +
        TypingSpeeds.Description + " Progress is reported when the client asks for it.")]
    public async Task<TypedTextResult> TypeTextAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The text to type (up to 20000 characters)."), Length(1, MaxTextLength)] string text,
        [Description("Keyboard layout the target uses: us (default), de, fr or uk.")]
        [AllowedValues("us", "de", "fr", "uk")]
        string layout = "us",
        [Description("safe (default) or fast. " + TypingSpeeds.Description)] TypingSpeed speed = TypingSpeed.Safe,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckText(text, nameof(text));
        var kvm = registry.Resolve(device);
        var started = TimeProvider.System.GetTimestamp();
        await using var progress = ProgressNotifier.Start(context, cancellationToken);
        var typed = await TypeAsync(kvm, text, layout, speed, nameof(layout), progress, cancellationToken);
        var result = Typed(kvm, "websocket", layout, typed.TypedCharacters, typed.SkippedCharacters, started);

        // Fast typing ends when the KVM has taken every report; it hands them to the target at the target's USB
        // polling rate, so the tail of a long text can still be arriving (about 5 s for 2,000 characters on the
        // emulator's 1 ms poll).
        return speed == TypingSpeed.Fast
            ? result with { Message = result.Message + " At fast speed the KVM may still be passing the last keys to the target: wait (nanokvm_wait_for_stable) before relying on the screen." }
            : result;
    }

    [McpServerTool(Name = "nanokvm_send_key", Title = "Press a key or shortcut",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Taps one key on the TARGET, optionally with modifiers: e.g. key=Enter; key=c with ctrl=true; key=Delete " +
        "with ctrl and alt. Key names: letters, digits, Enter, Escape, Tab, Backspace, Space, Delete, Insert, Home, End, " +
        "PageUp, PageDown, ArrowUp/Down/Left/Right (or Up/Down/Left/Right), F1-F24, PrintScreen, and KeyboardEvent.code " +
        "names such as KeyA, Digit1, Minus, Slash. A chord such as Ctrl+Alt+Delete is accepted too.")]
    public async Task<KeyPressResult> SendKeyAsync(
        [Description("The key (see the tool description), or a chord such as Ctrl+Shift+Escape."), Length(1, 100)] string key,
        [Description("Hold Ctrl while pressing the key.")] bool ctrl = false,
        [Description("Hold Shift while pressing the key.")] bool shift = false,
        [Description("Hold Alt while pressing the key.")] bool alt = false,
        [Description("Hold Meta (the Windows/Command key) while pressing the key.")] bool meta = false,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var chord = KeyNames.ToChord(key, ctrl, shift, alt, meta, nameof(key));
        var kvm = registry.Resolve(device);
        await ArgumentNames.RenameAsync(() => kvm.Client.Keyboard.PressAsync(chord, cancellationToken), "chord", nameof(key));
        return new KeyPressResult(kvm.Name, [chord], 0, $"Pressed {chord}.");
    }

    [McpServerTool(Name = "nanokvm_press_keys", Title = "Press a sequence of shortcuts",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Presses chords on the TARGET one after another, e.g. [\"Ctrl+A\", \"Ctrl+C\"] or [\"Down\", \"Down\", " +
        "\"Enter\"], optionally holding each for hold_ms (e.g. hold F2 or Delete while the target boots). All chords are " +
        "checked before the first is sent.")]
    public async Task<KeyPressResult> PressKeysAsync(
        [Description("Chords in order, e.g. Ctrl+Alt+Delete, Shift+F10, Enter (1-100)."), Length(1, 100)] string[] keys,
        [Description("How long to hold each chord, in milliseconds (0 = tap; up to 60000)."), Range(0, 60_000)] int hold_ms = 0,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (hold_ms is < 0 or > 60_000)
        {
            throw new ArgumentOutOfRangeException(nameof(hold_ms), hold_ms, "Must be between 0 and 60000 ms.");
        }

        var chords = keys.Select((k, i) => KeyNames.ToChord(k, false, false, false, false, $"keys[{i}]")).ToList();

        var kvm = registry.Resolve(device);
        if (hold_ms == 0)
        {
            await kvm.Client.Keyboard.PressSequenceAsync(chords, cancellationToken);
        }
        else
        {
            foreach (var chord in chords)
            {
                await kvm.Client.Keyboard.HoldAsync(chord, TimeSpan.FromMilliseconds(hold_ms), cancellationToken);
            }
        }

        return new KeyPressResult(kvm.Name, chords, hold_ms, $"Pressed {string.Join(", ", chords)}.");
    }

    [McpServerTool(Name = "nanokvm_keyboard_leds", Title = "Read Caps/Num/Scroll Lock",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads the TARGET keyboard's Num Lock, Caps Lock and Scroll Lock LEDs as the target set them (firmware 2.5.0+). " +
        "Useful before typing: Caps Lock inverts letters.")]
    public async Task<KeyboardLedsResult> KeyboardLedsAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var leds = await kvm.Client.Keyboard.GetLedsAsync(cancellationToken);
        return new KeyboardLedsResult(kvm.Name, leds.NumLock, leds.CapsLock, leds.ScrollLock, leds.Known);
    }

    private static async Task<TypeTextResult> TypeAsync(
        KvmDevice kvm, string text, string layout, TypingSpeed speed, string layoutArgument, ProgressNotifier progress, CancellationToken cancellationToken)
    {
        try
        {
            return await kvm.Client.Keyboard.TypeTextAsync(text, TypingSpeeds.Options(layout, speed), progress.Characters(), cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName is "name" or "Layout" or "options")
        {
            throw new ArgumentException(e.Message.Split(" (Parameter", 2)[0], layoutArgument, e);
        }
    }

    private static void CheckText(string text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("Must not be empty.", name);
        }

        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"At most {MaxTextLength} characters per call; got {text.Length}. Split the text.", name);
        }
    }

    private static TypedTextResult Typed(KvmDevice kvm, string method, string layout, int typed, IReadOnlyList<string> skipped, long started)
    {
        var elapsed = (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        var took = string.Create(CultureInfo.InvariantCulture, $"in {elapsed / 1000.0:0.0} s");
        return new(kvm.Name, method, layout, typed, skipped, elapsed,
            skipped.Count == 0
                ? $"Typed {typed} characters {took}."
                : $"Typed {typed} characters {took}; skipped {skipped.Count} that the {layout} layout cannot type: {string.Join(" ", skipped.Distinct().Take(20))}.");
    }

    /// <summary>
    /// A NanoKVM-Pro's paste endpoint knows only the US map (it ignores the language), so other layouts type over the
    /// HID WebSocket there; a Cube's paste keeps its own language rules and errors.
    /// </summary>
    private static async Task<bool> PastesLayoutAsync(KvmDevice kvm, string layout, CancellationToken cancellationToken)
    {
        var capabilities = (await kvm.Client.GetFirmwareAsync(cancellationToken)).Capabilities;
        return capabilities.Model != NanoKvm.Client.DeviceModel.Pro || capabilities.PasteLanguages.Contains(layout, StringComparer.Ordinal);
    }
}
