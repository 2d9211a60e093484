namespace NanoKvm.Emulator.Host;

/// <summary>The host's power supply as seen through the ATX header: on/off, button presses, LEDs.</summary>
public sealed class PowerModel
{
    private readonly NanoKvmEmulator _emulator;

    internal PowerModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    internal NanoKvmEmulator Emulator => _emulator;
}
