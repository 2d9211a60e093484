namespace NanoKvm.Client.Hid;

/// <summary>
/// The host's lock keys as this client believes them: stated by the caller
/// (<see cref="KeyboardClient.SetHostLockState"/>) and flipped by every lock-key press the client sends. Null = unknown.
/// </summary>
/// <param name="CapsLock">Caps Lock on, off, or unknown.</param>
/// <param name="NumLock">Num Lock on, off, or unknown.</param>
/// <param name="ScrollLock">Scroll Lock on, off, or unknown.</param>
public sealed record KeyboardLockState(bool? CapsLock, bool? NumLock, bool? ScrollLock)
{
    /// <summary>Nothing known (the state of a new client).</summary>
    public static KeyboardLockState Unknown { get; } = new(null, null, null);
}
