namespace NanoKvm.Emulator.Host;

/// <summary>The host's mouse: reports received on hidg1/hidg2, position, buttons, clicks and wheel.</summary>
public sealed class MouseModel
{
    private readonly NanoKvmEmulator _emulator;

    internal MouseModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    internal NanoKvmEmulator Emulator => _emulator;
}
