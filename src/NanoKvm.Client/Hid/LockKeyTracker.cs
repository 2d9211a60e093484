namespace NanoKvm.Client.Hid;

/// <summary>
/// Follows the host's lock keys from the key presses this client sends: a host toggles Caps/Num/Scroll Lock on each
/// key-down of the key. Starts unknown; the caller states the real values. It cannot see presses from anyone else
/// (a person at the host, the web UI, the paste endpoint never sends lock keys).
/// </summary>
internal sealed class LockKeyTracker
{
    internal const byte CapsLockUsage = 0x39;
    internal const byte ScrollLockUsage = 0x47;
    internal const byte NumLockUsage = 0x53;

    private readonly object _gate = new();
    private KeyboardLockState _state = KeyboardLockState.Unknown;

    public KeyboardLockState Current
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public void Set(KeyboardLockState state)
    {
        lock (_gate)
        {
            _state = state;
        }
    }

    /// <summary>The host received key-down edges for <paramref name="keys"/>: known lock states flip.</summary>
    public void Pressed(ReadOnlySpan<byte> keys) => Apply(keys, flip: true);

    /// <summary>A report with these key-down edges may or may not have arrived: their lock states become unknown.</summary>
    public void MaybePressed(ReadOnlySpan<byte> keys) => Apply(keys, flip: false);

    private void Apply(ReadOnlySpan<byte> keys, bool flip)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _state = key switch
                {
                    CapsLockUsage => _state with { CapsLock = Next(_state.CapsLock, flip) },
                    NumLockUsage => _state with { NumLock = Next(_state.NumLock, flip) },
                    ScrollLockUsage => _state with { ScrollLock = Next(_state.ScrollLock, flip) },
                    _ => _state,
                };
            }
        }
    }

    private static bool? Next(bool? value, bool flip) => flip ? !value : null;
}
