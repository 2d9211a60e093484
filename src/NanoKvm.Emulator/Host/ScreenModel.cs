namespace NanoKvm.Emulator.Host;

/// <summary>The host's display as captured over HDMI: its content, resolution and signal.</summary>
public sealed class ScreenModel
{
    private readonly NanoKvmEmulator _emulator;

    internal ScreenModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    internal NanoKvmEmulator Emulator => _emulator;
}
