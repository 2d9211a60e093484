using NanoKvm.Emulator.Host.KeyboardLayouts;

namespace NanoKvm.Emulator.Host;

/// <summary>The host's keyboard: every report received on hidg0, the typed-text transcript per layout, and lock LEDs.</summary>
/// <remarks>
/// Text is produced on key-down edges only (a key that stays in the next report does not repeat), with the
/// modifiers of the report: Shift and AltGr select the character, Ctrl, Alt and Meta make it a shortcut that types
/// nothing. Enter adds "\n", Tab "\t", Backspace removes the last character. Caps/Num/Scroll Lock toggle their LED,
/// which the host reports back to the device (see <see cref="LedsChanged"/>).
/// </remarks>
public sealed class KeyboardModel
{
    private const byte CapsLockUsage = 0x39;
    private const byte NumLockUsage = 0x53;
    private const byte ScrollLockUsage = 0x47;
    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly System.Text.StringBuilder _transcript = new();
    private readonly List<byte[]> _reports = [];
    private readonly HostLayout _layout;
    private byte[] _held = new byte[8];
    private KeyboardLeds _leds = new(false, false, false, false, null);
    private int _peakQueueDepth;

    internal KeyboardModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
        _layout = HostLayout.Get(emulator.Options.HostKeyboardLayout);
    }

    /// <summary>Raised (on the emulator's thread) after the transcript or LED state changed; the screen re-renders on it.</summary>
    public event Action? Changed;

    /// <summary>Raised when the host sends the keyboard an LED report (lock key pressed, or <see cref="SetLeds"/>).</summary>
    public event Action<KeyboardLeds>? LedsChanged;

    /// <summary>Text the host's OS would have received, interpreted with the host's keyboard layout.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>The host's layout name (<see cref="EmulatorOptions.HostKeyboardLayout"/>).</summary>
    public string Layout => _layout.Name;

    /// <summary>Every 8-byte report written to <c>/dev/hidg0</c>, in order.</summary>
    public IReadOnlyList<byte[]> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>The report the host currently sees (all zeros when nothing is held).</summary>
    public byte[] Current
    {
        get
        {
            lock (_gate)
            {
                return (byte[])_held.Clone();
            }
        }
    }

    /// <summary>True when no key and no modifier is held.</summary>
    public bool NothingHeld
    {
        get
        {
            lock (_gate)
            {
                return _held.All(b => b == 0);
            }
        }
    }

    /// <summary>The lock LEDs as the host last set them.</summary>
    public KeyboardLeds Leds
    {
        get
        {
            lock (_gate)
            {
                return _leds;
            }
        }
    }

    /// <summary>Most keyboard reports ever waiting in one connection's device queue (the firmware's limit is 200).</summary>
    public int PeakQueueDepth => Volatile.Read(ref _peakQueueDepth);

    internal NanoKvmEmulator Emulator => _emulator;

    internal object Gate => _gate;

    internal System.Text.StringBuilder TranscriptBuilder => _transcript;

    /// <summary>Forgets the transcript and the recorded reports (the held state and LEDs stay).</summary>
    public void ClearTranscript()
    {
        lock (_gate)
        {
            _transcript.Clear();
            _reports.Clear();
        }

        OnChanged();
    }

    /// <summary>Simulates the host sending an LED output report (e.g. its OS starting with Num Lock on).</summary>
    public void SetLeds(bool numLock, bool capsLock, bool scrollLock)
    {
        KeyboardLeds leds;
        lock (_gate)
        {
            leds = _leds = new KeyboardLeds(numLock, capsLock, scrollLock, true, _emulator.Options.TimeProvider.GetUtcNow());
        }

        LedsChanged?.Invoke(leds);
        OnChanged();
    }

    internal void NoteQueueDepth(int depth)
    {
        int peak;
        while (depth > (peak = Volatile.Read(ref _peakQueueDepth)) && Interlocked.CompareExchange(ref _peakQueueDepth, depth, peak) != peak)
        {
        }
    }

    /// <summary>Applies a report written to hidg0 (8 bytes).</summary>
    internal void Apply(byte[] report)
    {
        KeyboardLeds? ledReport = null;
        lock (_gate)
        {
            _reports.Add(report);
            var modifiers = report[0];
            for (var i = 2; i < 8; i++)
            {
                var usage = report[i];
                if (usage <= 3 || Array.IndexOf(_held, usage, 2) >= 0)
                {
                    continue;
                }

                switch (usage)
                {
                    case CapsLockUsage:
                        ledReport = _leds = Toggle(caps: true);
                        break;
                    case NumLockUsage:
                        ledReport = _leds = Toggle(num: true);
                        break;
                    case ScrollLockUsage:
                        ledReport = _leds = Toggle(scroll: true);
                        break;
                    default:
                        Type(usage, modifiers);
                        break;
                }
            }

            _held = (byte[])report.Clone();
        }

        if (ledReport is { } leds)
        {
            LedsChanged?.Invoke(leds);
        }

        OnChanged();
    }

    private KeyboardLeds Toggle(bool num = false, bool caps = false, bool scroll = false) => new(
        _leds.NumLock ^ num, _leds.CapsLock ^ caps, _leds.ScrollLock ^ scroll, true, _emulator.Options.TimeProvider.GetUtcNow());

    private void Type(byte usage, byte modifiers)
    {
        // Ctrl, left Alt or Meta turn the key into a shortcut; AltGr (right Alt) selects the third level.
        if ((modifiers & 0x9D) != 0 || (usage >= 0xE0 && usage <= 0xE7))
        {
            return;
        }

        switch (usage)
        {
            case 0x28 or 0x58:
                _transcript.Append('\n');
                return;
            case 0x2B:
                _transcript.Append('\t');
                return;
            case 0x2A:
                if (_transcript.Length > 0)
                {
                    _transcript.Length--;
                }

                return;
            default:
                var c = _layout.Resolve(usage, (modifiers & 0x22) != 0, (modifiers & 0x40) != 0, _leds.CapsLock);
                if (c != '\0')
                {
                    _transcript.Append(c);
                }

                return;
        }
    }

    internal void OnChanged() => Changed?.Invoke();
}

/// <summary>Lock-key LEDs of the host keyboard.</summary>
/// <param name="NumLock">Num Lock on.</param>
/// <param name="CapsLock">Caps Lock on.</param>
/// <param name="ScrollLock">Scroll Lock on.</param>
/// <param name="Known">False until the host sent an LED report.</param>
/// <param name="UpdatedAt">When the host last sent one.</param>
public sealed record KeyboardLeds(bool NumLock, bool CapsLock, bool ScrollLock, bool Known, DateTimeOffset? UpdatedAt);
