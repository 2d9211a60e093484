namespace NanoKvm.Emulator.Storage;

/// <summary>The device's <c>/data</c> partition and USB mass-storage function: images, the mounted one, the CD-ROM flag.</summary>
public sealed class StorageModel
{
    private readonly NanoKvmEmulator _emulator;

    internal StorageModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    internal NanoKvmEmulator Emulator => _emulator;
}
