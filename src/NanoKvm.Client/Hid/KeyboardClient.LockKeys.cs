namespace NanoKvm.Client.Hid;

// Lock keys without LED reports: firmware before 2.5.0 never tells the client whether Caps Lock is on, so the client
// keeps its own account — what the caller states, flipped by every lock key it presses — and TypeTextAsync compensates
// with it when the device has no LED state to offer.
public partial class KeyboardClient
{
    private readonly LockKeyTracker _locks = new();

    /// <summary>
    /// The host's lock keys as this client tracks them: what <see cref="SetHostLockState"/> stated, flipped by every
    /// Caps/Num/Scroll Lock press sent through this client since. Unknown (null) values stay unknown; a press whose
    /// report may not have arrived makes that key unknown.
    /// </summary>
    /// <remarks>
    /// This is the only Caps Lock information on firmware before 2.5.0. From 2.5.0 the device reports the host's LEDs
    /// (<see cref="Leds"/>, <see cref="GetLedsAsync"/>), which also see changes made by others and win when known.
    /// </remarks>
    public virtual KeyboardLockState HostLockState => _locks.Current;

    /// <summary>
    /// States the host's lock keys (e.g. "Caps Lock is off" after looking at the screen), so that later lock-key
    /// presses are tracked from there and <see cref="TypeTextAsync(string, TypeTextOptions?, System.Threading.CancellationToken)"/> can compensate for Caps Lock on firmware without
    /// LED reports. Null marks a key unknown.
    /// </summary>
    /// <param name="state">The host's state; <see cref="KeyboardLockState.Unknown"/> forgets everything.</param>
    /// <remarks>
    /// The client cannot see lock keys pressed by anyone else (a person at the host, the web UI, another client); state
    /// the value again after such a change. A host reboot normally turns Caps Lock off.
    /// </remarks>
    public virtual void SetHostLockState(KeyboardLockState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _locks.Set(state);
    }
}
