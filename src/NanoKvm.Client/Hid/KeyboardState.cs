using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Client.Hid;

/// <summary>
/// What the session believes the device's keyboard holds: modifier bits and up to six keys in press order.
/// The device keeps no state of its own (each report replaces the last), so this is the truth the client must track.
/// </summary>
internal sealed class KeyboardState
{
    private readonly object _gate = new();
    private KeyboardReport _report;

    public KeyboardReport Current
    {
        get
        {
            lock (_gate)
            {
                return _report;
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _report.IsEmpty;
            }
        }
    }

    public byte Modifiers
    {
        get
        {
            lock (_gate)
            {
                return _report.Modifiers;
            }
        }
    }

    public bool IsHeld(byte usage)
    {
        lock (_gate)
        {
            for (var i = 0; i < KeyChord.MaxKeys; i++)
            {
                if (_report.Keys[i] == usage)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>How many non-modifier keys would be held after adding <paramref name="keys"/>.</summary>
    public int CountAfterPress(ReadOnlySpan<byte> keys)
    {
        lock (_gate)
        {
            var count = _report.KeyCount;
            foreach (var key in keys)
            {
                if (!IsHeldUnlocked(key))
                {
                    count++;
                }
            }

            return count;
        }
    }

    public KeyboardReport Press(byte modifiers, ReadOnlySpan<byte> keys)
    {
        lock (_gate)
        {
            _report.Modifiers |= modifiers;
            foreach (var key in keys)
            {
                if (IsHeldUnlocked(key))
                {
                    continue;
                }

                var placed = false;
                for (var i = 0; i < KeyChord.MaxKeys && !placed; i++)
                {
                    if (_report.Keys[i] == 0)
                    {
                        _report.Keys[i] = key;
                        placed = true;
                    }
                }

                if (!placed)
                {
                    throw new ArgumentException($"At most {KeyChord.MaxKeys} non-modifier keys can be held at once.", nameof(keys));
                }
            }

            return _report;
        }
    }

    /// <summary>Records a release; call it only once the release report is in the pipe (see <see cref="PreviewRelease"/>).</summary>
    public KeyboardReport Release(byte modifiers, ReadOnlySpan<byte> keys)
    {
        lock (_gate)
        {
            ApplyRelease(ref _report, modifiers, keys);
            return _report;
        }
    }

    /// <summary>
    /// The report that releases <paramref name="modifiers"/> and <paramref name="keys"/>, without recording it:
    /// the record changes only when that report reached the pipe, so a cancellation in between leaves the keys
    /// recorded as held and the caller's release path still sends them up.
    /// </summary>
    public KeyboardReport PreviewRelease(byte modifiers, ReadOnlySpan<byte> keys)
    {
        lock (_gate)
        {
            var report = _report;
            ApplyRelease(ref report, modifiers, keys);
            return report;
        }
    }

    /// <summary>The report with exactly <paramref name="modifiers"/>, without recording it.</summary>
    public KeyboardReport PreviewModifiers(byte modifiers)
    {
        lock (_gate)
        {
            var report = _report;
            report.Modifiers = modifiers;
            return report;
        }
    }

    private static void ApplyRelease(ref KeyboardReport report, byte modifiers, ReadOnlySpan<byte> keys)
    {
        report.Modifiers &= (byte)~modifiers;
        foreach (var key in keys)
        {
            for (var i = 0; i < KeyChord.MaxKeys; i++)
            {
                if (report.Keys[i] == key)
                {
                    report.Keys[i] = 0;
                }
            }
        }

        // Keep the held keys packed at the front, in press order, as a real keyboard reports them.
        var write = 0;
        for (var read = 0; read < KeyChord.MaxKeys; read++)
        {
            var key = report.Keys[read];
            if (key != 0)
            {
                report.Keys[read] = 0;
                report.Keys[write++] = key;
            }
        }
    }

    /// <summary>Sets the modifiers exactly (typing switches between plain, Shift and AltGr).</summary>
    public KeyboardReport SetModifiers(byte modifiers)
    {
        lock (_gate)
        {
            _report.Modifiers = modifiers;
            return _report;
        }
    }

    /// <summary>Forgets everything and returns the previous state.</summary>
    public KeyboardReport Clear()
    {
        lock (_gate)
        {
            var previous = _report;
            _report = default;
            return previous;
        }
    }

    private bool IsHeldUnlocked(byte usage)
    {
        for (var i = 0; i < KeyChord.MaxKeys; i++)
        {
            if (_report.Keys[i] == usage)
            {
                return true;
            }
        }

        return false;
    }
}
