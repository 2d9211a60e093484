namespace NanoKvm.Emulator.Host;

/// <summary>The host's keyboard: every report received on hidg0, the typed-text transcript per layout, and lock LEDs.</summary>
public sealed class KeyboardModel
{
    private readonly NanoKvmEmulator _emulator;

    internal KeyboardModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    internal NanoKvmEmulator Emulator => _emulator;
}
