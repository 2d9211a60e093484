namespace NanoKvm.Client.Hid;

/// <summary>How to produce one character on a layout: a key usage and the modifiers held with it.</summary>
/// <param name="Usage">HID usage of the key.</param>
/// <param name="Modifiers">Modifier bits (Shift 0x02, AltGr 0x40, or none).</param>
/// <param name="AffectedByCapsLock">
/// True for letters whose other case is the same key with Shift toggled; with Caps Lock on, the client toggles
/// Shift for them so the text still comes out as written.
/// </param>
public readonly record struct KeyStroke(byte Usage, byte Modifiers, bool AffectedByCapsLock);
