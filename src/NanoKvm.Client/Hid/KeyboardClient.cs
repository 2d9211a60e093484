using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using NanoKvm.Client.Hid.Reports;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Hid;

/// <summary>Keyboard input over the HID WebSocket: keys, chords, sequences and text; the device's paste; lock LEDs.</summary>
/// <remarks>
/// Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session. Every call validates its arguments
/// before anything is sent, and every key a call presses is released again when the call ends, fails or is
/// cancelled (keys pressed with <see cref="KeyDownAsync(string, CancellationToken)"/> stay down until
/// <see cref="KeyUpAsync(string, CancellationToken)"/>, <see cref="ReleaseAllAsync"/>, a reconnect or dispose).
/// </remarks>
public partial class KeyboardClient
{
    private static readonly FirmwareVersion LedsVersion = new(2, 5, 0);
    private static readonly FirmwareVersion BinaryVersion = new(2, 3, 2);
    private readonly NanoKvmClient _owner;

    // The action running under the keyboard lock; its reports must share one connection.
    private HidAction? _action;

    /// <summary>For mocking frameworks only.</summary>
    protected KeyboardClient()
    {
        _owner = null!;
    }

    internal KeyboardClient(NanoKvmClient owner)
    {
        _owner = owner;
        owner.Hid.LedsChanged += state => LedsChanged?.Invoke(this, state);
        owner.Hid.CaptureStatusChanged += status => CaptureStatusChanged?.Invoke(this, status);
    }

    /// <summary>
    /// Raised when the device pushes the host's lock-key LEDs (firmware 2.5.0+; on connect and on every change).
    /// Pushes arrive once the HID socket is open — after the first input, or after <see cref="ConnectAsync"/>.
    /// </summary>
    public event EventHandler<KeyboardLedState>? LedsChanged;

    /// <summary>
    /// Raised when the device pushes a video <c>capture-status</c> message (firmware 2.4.2+). It arrives on the
    /// shared HID socket, which is why it is offered here.
    /// </summary>
    public event EventHandler<CaptureStatus>? CaptureStatusChanged;

    /// <summary>The last LED state the device pushed, or null before the first push (and always before 2.5.0).</summary>
    public virtual KeyboardLedState? Leds => _owner.Hid.Leds;

    private HidSession Hid => _owner.Hid;

    /// <summary>Opens the HID socket now, so device pushes (LEDs, capture status) start arriving before any input.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the socket is open.</returns>
    public virtual Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        return Hid.EnsureConnectedAsync(cancellationToken);
    }

    /// <summary>Taps a chord: modifiers down (in their own report), keys down, keys up, modifiers up.</summary>
    /// <param name="chord">For example <c>Ctrl+Alt+Delete</c>, <c>AltGr+Q</c>, <c>Shift+F10</c>, <c>Enter</c>.</param>
    /// <param name="cancellationToken">Cancels; anything already pressed is released.</param>
    /// <returns>A task that completes when the keys are released.</returns>
    /// <exception cref="ArgumentException">Unknown key name or more than six keys.</exception>
    public virtual Task PressAsync(string chord, CancellationToken cancellationToken = default) =>
        PressAsync(KeyChord.Parse(chord), cancellationToken);

    /// <summary>Taps a chord built from usages or parsed earlier.</summary>
    /// <param name="chord">The chord.</param>
    /// <param name="cancellationToken">Cancels; anything already pressed is released.</param>
    /// <returns>A task that completes when the keys are released.</returns>
    public virtual Task PressAsync(KeyChord chord, CancellationToken cancellationToken = default) =>
        HoldCoreAsync([chord], TimeSpan.Zero, cancellationToken);

    /// <summary>Taps chords one after another, e.g. <c>["Ctrl+A", "Ctrl+C"]</c>. All are parsed before the first is sent.</summary>
    /// <param name="chords">The chords.</param>
    /// <param name="cancellationToken">Cancels; anything already pressed is released.</param>
    /// <returns>A task that completes when the last chord is released.</returns>
    public virtual Task PressSequenceAsync(IEnumerable<string> chords, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chords);
        var parsed = chords.Select(KeyChord.Parse).ToArray();
        if (parsed.Length == 0)
        {
            throw new ArgumentException("The sequence is empty.", nameof(chords));
        }

        return HoldCoreAsync(parsed, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Holds a chord for a duration, then releases it.</summary>
    /// <param name="chord">The chord.</param>
    /// <param name="duration">How long to hold (0 to 60 s).</param>
    /// <param name="cancellationToken">Cancels; the keys are released.</param>
    /// <returns>A task that completes when the keys are released.</returns>
    public virtual Task HoldAsync(string chord, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var parsed = KeyChord.Parse(chord);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromSeconds(60));
        return HoldCoreAsync([parsed], duration, cancellationToken);
    }

    /// <summary>Presses keys and leaves them down (modifiers first, in their own report).</summary>
    /// <param name="chord">The chord to press.</param>
    /// <param name="cancellationToken">Cancels; what this call pressed is released.</param>
    /// <returns>A task that completes when the keys are down.</returns>
    public virtual async Task KeyDownAsync(string chord, CancellationToken cancellationToken = default)
    {
        var parsed = KeyChord.Parse(chord);
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        Validate(parsed, capabilities);
        await Hid.KeyboardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _action = new HidAction();
        try
        {
            await PressChordAsync(parsed, capabilities, Pace(null), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _action = null;
            Hid.KeyboardLock.Release();
        }
    }

    /// <summary>Releases keys pressed earlier (keys first, then modifiers). Keys that are not down are ignored.</summary>
    /// <param name="chord">The chord to release.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the keys are up.</returns>
    public virtual async Task KeyUpAsync(string chord, CancellationToken cancellationToken = default)
    {
        var parsed = KeyChord.Parse(chord);
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        await Hid.KeyboardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _action = new HidAction();
        try
        {
            await ReleaseChordAsync(parsed.Modifiers, parsed.KeySpan.ToArray(), capabilities, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _action = null;
            Hid.KeyboardLock.Release();
        }
    }

    /// <summary>Releases every key (sends the all-zero report even when nothing is known to be held).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the report was sent.</returns>
    public virtual async Task ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Hid.SendKeyboardAsync(KeyboardReport.Empty, capabilities, null, () => Hid.Keyboard.Clear(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseQuietlyAsync(0xFF, [.. AllKeys(Hid.Keyboard.Current)], capabilities).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Types text over the HID socket with a client-side layout: each character becomes a key tap, with Shift or
    /// AltGr pressed in a report of its own before the key (hosts otherwise miss the modifier on the first
    /// character, firmware issue #612). Enter for <c>\n</c> (a <c>\r\n</c> pair types one Enter), Tab for <c>\t</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="options">Layout, pacing, unmappable-character handling; null for defaults (<c>us</c>, fail).</param>
    /// <param name="cancellationToken">Cancels; every key is released.</param>
    /// <returns>How many characters were typed and which were skipped.</returns>
    /// <exception cref="ArgumentException">A character cannot be typed on the layout and <see cref="UnmappableCharacterHandling.Fail"/> applies.</exception>
    /// <exception cref="InvalidOperationException">Keys are held down (release them first).</exception>
    /// <exception cref="NanoKvmTypingException">Sending failed part-way; says how many characters were sent.</exception>
    public virtual Task<TypeTextResult> TypeTextAsync(string text, TypeTextOptions? options = null, CancellationToken cancellationToken = default) =>
        TypeTextAsync(text, options, null, cancellationToken);

    /// <summary>
    /// Types text as <see cref="TypeTextAsync(string, TypeTextOptions?, CancellationToken)"/> does, reporting each
    /// character as its key release is handed to the HID socket.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="options">Layout, pacing, unmappable-character handling; null for defaults (<c>us</c>, fail).</param>
    /// <param name="progress">Receives characters sent so far and the total, once per character; null for none.</param>
    /// <param name="cancellationToken">Cancels; every key is released.</param>
    /// <returns>How many characters were typed and which were skipped.</returns>
    /// <exception cref="ArgumentException">A character cannot be typed on the layout and <see cref="UnmappableCharacterHandling.Fail"/> applies.</exception>
    /// <exception cref="InvalidOperationException">Keys are held down (release them first).</exception>
    /// <exception cref="NanoKvmTypingException">Sending failed part-way; says how many characters were sent.</exception>
    public virtual async Task<TypeTextResult> TypeTextAsync(string text, TypeTextOptions? options, IProgress<TypingProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new TypeTextOptions();
        var layout = KeyboardLayout.Get(options.Layout);
        if (options.Pace is { } pace && (pace < TimeSpan.Zero || pace > TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TypeTextOptions.Pace must be between 0 and 1 second.");
        }

        var (strokes, skipped) = Plan(text, layout, options.Unmappable);
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        await Hid.KeyboardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _action = new HidAction();
        try
        {
            if (!Hid.Keyboard.IsEmpty)
            {
                throw new InvalidOperationException("Keys are held down (KeyDownAsync); release them before typing text.");
            }

            var leds = options.CompensateCapsLock && capabilities.HasKeyboardLeds
                ? await Hid.GetLedsForTypingAsync(cancellationToken).ConfigureAwait(false)
                : null;
            // The device's LED report wins; without one (before 2.5.0, or before the host sent it) the tracked state.
            var capsLock = options.CompensateCapsLock && (leds is { Known: true } ? leds.CapsLock : _locks.Current.CapsLock == true);
            var counter = new TypingCounter(strokes.Count, progress);
            try
            {
                await TypeStrokesAsync(strokes, capabilities, capsLock, Pace(options.Pace), counter, cancellationToken).ConfigureAwait(false);
            }
            catch (NanoKvmException ex)
            {
                throw counter.Interrupted(ex);
            }

            return new TypeTextResult(strokes.Count, skipped);
        }
        finally
        {
            _action = null;
            Hid.KeyboardLock.Release();
        }
    }

    /// <summary>
    /// Types text with the device's own paste endpoint (<c>POST /api/hid/paste</c>), split into requests at the
    /// firmware's limit (1024 UTF-8 bytes up to 2.4.x; 833 characters and 25 s from 2.5.0). Each request blocks on
    /// the device until typed (30 ms per character; 50 ms before 2.3.1).
    /// </summary>
    /// <param name="text">The text; the device skips characters its map lacks (reported in the result).</param>
    /// <param name="language">The device's map: <c>us</c> (always), <c>de</c> (2.3.0+), <c>fr</c> (2.5.0+).</param>
    /// <param name="cancellationToken">Cancels; the device stops typing when the request is aborted.</param>
    /// <returns>Requests sent and characters typed or skipped.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware has no map for <paramref name="language"/>.</exception>
    /// <exception cref="NanoKvmTypingException">
    /// A request failed; says how many characters the device had finished. Its inner exception is the failure, e.g.
    /// <see cref="NanoKvmBusyException"/> when another input operation holds the device's HID (code −3).
    /// </exception>
    public virtual Task<PasteResult> PasteAsync(string text, string language = "us", CancellationToken cancellationToken = default) =>
        PasteAsync(text, language, null, cancellationToken);

    /// <summary>
    /// Types text with the device's paste endpoint as <see cref="PasteAsync(string, string, CancellationToken)"/>
    /// does, reporting progress as the device finishes each request. With a progress receiver the text goes out in
    /// requests of about half a second of typing each (16 characters at 30 ms), so that progress comes at least
    /// every second; the device types at the same pace either way.
    /// </summary>
    /// <param name="text">The text; the device skips characters its map lacks (reported in the result).</param>
    /// <param name="language">The device's map: <c>us</c> (always), <c>de</c> (2.3.0+), <c>fr</c> (2.5.0+).</param>
    /// <param name="progress">Receives characters finished so far and the total; null for none (and the largest requests).</param>
    /// <param name="cancellationToken">Cancels; the device stops typing when the request is aborted.</param>
    /// <returns>Requests sent and characters typed or skipped.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware has no map for <paramref name="language"/>.</exception>
    /// <exception cref="NanoKvmTypingException">
    /// A request failed; says how many characters the device had finished. Its inner exception is the failure, e.g.
    /// <see cref="NanoKvmBusyException"/> when another input operation holds the device's HID (code −3).
    /// </exception>
    public virtual async Task<PasteResult> PasteAsync(string text, string language, IProgress<TypingProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        var normalized = language.ToLowerInvariant() switch
        {
            "us" or "en" or "" => "us",
            "de" => "de",
            "fr" => "fr",
            _ => throw new ArgumentException($"Unknown paste language '{language}'; the device knows us, de and fr.", nameof(language)),
        };
        if (text.Length == 0)
        {
            throw new ArgumentException("Nothing to paste.", nameof(text));
        }

        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.PasteLanguages.Contains(normalized, StringComparer.OrdinalIgnoreCase))
        {
            throw capabilities.Model == DeviceModel.Pro
                ? new NanoKvmUnsupportedException(
                    $"Paste language '{normalized}' (the device's paste endpoint knows only the US layout)", capabilities,
                    "TypeTextAsync types other layouts over the HID WebSocket.")
                : new NanoKvmUnsupportedException(
                $"Paste language '{normalized}' needs NanoKVM firmware {(normalized == "de" ? "2.3.0" : "2.5.0")} or later; the device runs {capabilities.Version}.");
        }

        var map = DevicePasteMaps.For(normalized);
        var skipped = new List<string>();
        var typed = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsBmp && map.Contains((char)rune.Value))
            {
                typed++;
            }
            else if (rune.Value != '\r' && !skipped.Contains(rune.ToString()))
            {
                skipped.Add(rune.ToString());
            }
        }

        var chunks = PasteChunker.Split(text, capabilities, progress is null ? null : PasteChunker.ProgressChunkCharacters(capabilities));
        var wireLanguage = normalized == "us" ? "en" : normalized;
        var counter = new TypingCounter(typed, progress);
        foreach (var chunk in chunks)
        {
            var typeable = chunk.Count(map.Contains);
            var body = ApiConnection.Json(new PasteRequest(chunk, wireLanguage), HidJsonContext.Default.PasteRequest);
            var request = new ApiRequest(HttpMethod.Post, "/api/hid/paste", body, capabilities.PasteCharacterDelay * (typeable + 1) + TimeSpan.FromSeconds(5));
            try
            {
                await _owner.Api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (NanoKvmException ex) when (ex.DeviceCode == -3)
            {
                throw counter.Interrupted(new NanoKvmBusyException(
                    $"{request.Endpoint} failed: the device's HID is busy with another input operation (code -3 \"{ex.DeviceMessage}\").",
                    request.Endpoint, ex.DeviceCode, ex.DeviceMessage));
            }
            catch (NanoKvmException ex)
            {
                throw counter.Interrupted(ex);
            }

            counter.Add(typeable);
        }

        return new PasteResult(chunks.Count, typed, skipped);
    }

    /// <summary>Reads the host's lock-key LEDs from the device (<c>GET /api/hid/leds</c>, firmware 2.5.0+).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The LED state; <see cref="KeyboardLedState.Known"/> is false until the host sent one.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware is older than 2.5.0 (nothing is sent).</exception>
    public virtual async Task<KeyboardLedState> GetLedsAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasKeyboardLeds)
        {
            throw new NanoKvmUnsupportedException("Keyboard LED state", LedsVersion, capabilities);
        }

        var wire = await _owner.Api.GetAsync("/api/hid/leds", HidJsonContext.Default.LedWire, cancellationToken).ConfigureAwait(false);
        return HidSession.ToState(wire);
    }

    /// <summary>
    /// Streams the LED state: the current one first (when known), then every push. Opens the HID socket.
    /// </summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>LED states as they arrive.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware is older than 2.5.0.</exception>
    public virtual async IAsyncEnumerable<KeyboardLedState> WatchLedsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasKeyboardLeds)
        {
            throw new NanoKvmUnsupportedException("Keyboard LED state", LedsVersion, capabilities);
        }

        var channel = Channel.CreateBounded<KeyboardLedState>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnLeds(KeyboardLedState state) => channel.Writer.TryWrite(state);
        Hid.LedsChanged += OnLeds;
        try
        {
            await Hid.EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            if (Hid.Leds is { } current)
            {
                channel.Writer.TryWrite(current);
            }

            await foreach (var state in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return state;
            }
        }
        finally
        {
            Hid.LedsChanged -= OnLeds;
        }
    }

    private Task SendAsync(in KeyboardReport report, FirmwareCapabilities capabilities, CancellationToken cancellationToken) =>
        Hid.SendKeyboardAsync(report, capabilities, _action, cancellationToken);

    private TimeSpan Pace(TimeSpan? requested) => requested ?? Hid.Options.ReportPace;

    private static void Validate(KeyChord chord, FirmwareCapabilities capabilities)
    {
        foreach (var key in chord.Keys)
        {
            if (key > capabilities.KeyboardMaxUsage)
            {
                throw new NanoKvmUnsupportedException(
                    $"Key usage 0x{key:X2} is above 0x{capabilities.KeyboardMaxUsage:X2}, the highest the keyboard descriptor of firmware {capabilities.Version} accepts (0xE7 needs {BinaryVersion} after a device reboot).");
            }
        }

        if (capabilities.HidEncoding == HidEncoding.JsonArrays && chord.Keys.Count > 1)
        {
            throw new NanoKvmUnsupportedException(
                $"Firmware {capabilities.Version} carries one non-modifier key per report (JSON protocol); '{chord}' needs {chord.Keys.Count}. Binary HID needs {BinaryVersion}.");
        }
    }

    private async Task HoldCoreAsync(KeyChord[] chords, TimeSpan hold, CancellationToken cancellationToken)
    {
        foreach (var chord in chords)
        {
            ArgumentNullException.ThrowIfNull(chord, nameof(chords));
        }

        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chord in chords)
        {
            Validate(chord, capabilities);
        }

        var pace = Pace(null);
        await Hid.KeyboardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _action = new HidAction();
        try
        {
            foreach (var chord in chords)
            {
                var (modifiers, keys) = await PressChordAsync(chord, capabilities, pace, cancellationToken).ConfigureAwait(false);
                try
                {
                    await DelayAsync(hold > pace ? hold : pace, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await ReleaseQuietlyAsync(modifiers, keys, capabilities).ConfigureAwait(false);
                    throw;
                }

                await ReleaseChordAsync(modifiers, keys, capabilities, pace, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _action = null;
            Hid.KeyboardLock.Release();
        }
    }

    /// <summary>Presses what the chord adds to the held state; returns exactly what this call pressed.</summary>
    private async Task<(byte Modifiers, byte[] Keys)> PressChordAsync(KeyChord chord, FirmwareCapabilities capabilities, TimeSpan pace, CancellationToken cancellationToken)
    {
        var state = Hid.Keyboard;
        var newModifiers = (byte)(chord.Modifiers & ~state.Modifiers);
        var newKeys = chord.Keys.Where(k => !state.IsHeld(k)).ToArray();
        if (state.CountAfterPress(newKeys) > KeyChord.MaxKeys)
        {
            throw new ArgumentException($"Pressing '{chord}' would hold more than {KeyChord.MaxKeys} non-modifier keys.", nameof(chord));
        }

        if (capabilities.HidEncoding == HidEncoding.JsonArrays && state.CountAfterPress(newKeys) > 1)
        {
            throw new NanoKvmUnsupportedException(
                $"Firmware {capabilities.Version} can hold one non-modifier key at a time (JSON protocol); release the held key first.");
        }

        try
        {
            if (newModifiers != 0)
            {
                await SendAsync(state.Press(newModifiers, default), capabilities, cancellationToken).ConfigureAwait(false);
                if (newKeys.Length > 0)
                {
                    await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                }
            }

            if (newKeys.Length > 0)
            {
                try
                {
                    await SendAsync(state.Press(0, newKeys), capabilities, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _locks.MaybePressed(newKeys);
                    throw;
                }

                _locks.Pressed(newKeys);
            }
        }
        catch
        {
            await ReleaseQuietlyAsync(newModifiers, newKeys, capabilities).ConfigureAwait(false);
            throw;
        }

        return (newModifiers, newKeys);
    }

    private async Task ReleaseChordAsync(byte modifiers, byte[] keys, FirmwareCapabilities capabilities, TimeSpan pace, CancellationToken cancellationToken)
    {
        try
        {
            if (keys.Length > 0)
            {
                await SendReleaseAsync(0, keys, capabilities, _action, cancellationToken).ConfigureAwait(false);
                if (modifiers != 0)
                {
                    await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                }
            }

            if (modifiers != 0)
            {
                await SendReleaseAsync(modifiers, [], capabilities, _action, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await ReleaseQuietlyAsync(modifiers, keys, capabilities).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sends the report that releases <paramref name="modifiers"/> and <paramref name="keys"/> and records the release
    /// only once that report is in the pipe; cancelled earlier, the keys stay recorded as held.
    /// </summary>
    private Task SendReleaseAsync(byte modifiers, byte[] keys, FirmwareCapabilities capabilities, HidAction? action, CancellationToken cancellationToken)
    {
        var state = Hid.Keyboard;
        return Hid.SendKeyboardAsync(state.PreviewRelease(modifiers, keys), capabilities, action, () => state.Release(modifiers, keys), cancellationToken);
    }

    /// <summary>Best-effort release after a failure or cancellation; a dead socket is handled by the reconnect.</summary>
    private async Task ReleaseQuietlyAsync(byte modifiers, byte[] keys, FirmwareCapabilities capabilities)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), Hid.Time);
            await SendReleaseAsync(modifiers, keys, capabilities, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NanoKvmException or OperationCanceledException or ObjectDisposedException)
        {
            // The session releases everything when it reconnects or is disposed.
        }
    }

    private static (List<KeyStroke> Strokes, List<string> Skipped) Plan(string text, KeyboardLayout layout, UnmappableCharacterHandling handling)
    {
        var strokes = new List<KeyStroke>(text.Length);
        var skipped = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                c = '\n';
            }

            if (layout.TryGetStroke(c, out var stroke))
            {
                strokes.Add(stroke);
                continue;
            }

            var unit = char.IsHighSurrogate(c) && i + 1 < text.Length ? text.Substring(i++, 2) : c.ToString();
            if (!skipped.Contains(unit))
            {
                skipped.Add(unit);
            }
        }

        if (skipped.Count > 0 && handling == UnmappableCharacterHandling.Fail)
        {
            var list = string.Join(", ", skipped.Select(s => $"'{s}' (U+{char.ConvertToUtf32(s, 0):X4})"));
            throw new ArgumentException(
                $"The '{layout.Name}' layout cannot type {list}; nothing was sent. Use UnmappableCharacterHandling.Skip to type the rest.", nameof(text));
        }

        return (strokes, skipped);
    }

    private async Task TypeStrokesAsync(List<KeyStroke> strokes, FirmwareCapabilities capabilities, bool capsLock, TimeSpan pace, TypingCounter counter, CancellationToken cancellationToken)
    {
        var state = Hid.Keyboard;
        var key = new byte[1];
        try
        {
            var first = true;
            foreach (var stroke in strokes)
            {
                var modifiers = stroke.Modifiers;
                if (capsLock && stroke.AffectedByCapsLock)
                {
                    modifiers ^= KeyCodes.LeftShift;
                }

                if (state.Modifiers != modifiers)
                {
                    // The modifier change goes out alone, before the key (firmware issue #612).
                    if (!first)
                    {
                        await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                    }

                    var next = modifiers;
                    await Hid.SendKeyboardAsync(state.PreviewModifiers(next), capabilities, _action, () => state.SetModifiers(next), cancellationToken).ConfigureAwait(false);
                    first = false;
                }

                if (!first)
                {
                    await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                }

                key[0] = stroke.Usage;
                await SendAsync(state.Press(0, key), capabilities, cancellationToken).ConfigureAwait(false);
                await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                await SendReleaseAsync(0, key, capabilities, _action, cancellationToken).ConfigureAwait(false);
                counter.Add(1);
                first = false;
            }

            if (!state.IsEmpty)
            {
                await DelayAsync(pace, cancellationToken).ConfigureAwait(false);
                await Hid.SendKeyboardAsync(KeyboardReport.Empty, capabilities, _action, () => state.Clear(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (!state.IsEmpty)
            {
                await ReleaseQuietlyAsync(0xFF, state.Current.KeyCount > 0 ? [.. AllKeys(state.Current)] : [], capabilities).ConfigureAwait(false);
            }

            throw;
        }
    }

    private static List<byte> AllKeys(KeyboardReport report)
    {
        var keys = new List<byte>(KeyChord.MaxKeys);
        for (var i = 0; i < KeyChord.MaxKeys; i++)
        {
            if (report.Keys[i] != 0)
            {
                keys.Add(report.Keys[i]);
            }
        }

        return keys;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Hid.Time, cancellationToken);
}
