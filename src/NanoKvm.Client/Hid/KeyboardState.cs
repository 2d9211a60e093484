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

    public KeyboardReport Release(byte modifiers, ReadOnlySpan<byte> keys)
    {
        lock (_gate)
        {
            _report.Modifiers &= (byte)~modifiers;
            foreach (var key in keys)
            {
                for (var i = 0; i < KeyChord.MaxKeys; i++)
                {
                    if (_report.Keys[i] == key)
                    {
                        _report.Keys[i] = 0;
                    }
                }
            }

            // Keep the held keys packed at the front, in press order, as a real keyboard reports them.
            var write = 0;
            for (var read = 0; read < KeyChord.MaxKeys; read++)
            {
                var key = _report.Keys[read];
                if (key != 0)
                {
                    _report.Keys[read] = 0;
                    _report.Keys[write++] = key;
                }
            }

            return _report;
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
