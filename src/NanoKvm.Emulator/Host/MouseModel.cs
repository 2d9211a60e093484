namespace NanoKvm.Emulator.Host;

/// <summary>The host's mouse: reports received on hidg1/hidg2, pointer position, buttons, clicks and wheel.</summary>
public sealed class MouseModel
{
    private readonly NanoKvmEmulator _emulator;

    internal MouseModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    /// <summary>Raised after the pointer moved or a button changed; the screen re-renders on it.</summary>
    public event Action? Changed;

    /// <summary>Pointer X as a fraction of the screen width, 0 (left) to 1 (right).</summary>
    public double X { get; internal set; } = 0.5;

    /// <summary>Pointer Y as a fraction of the screen height, 0 (top) to 1 (bottom).</summary>
    public double Y { get; internal set; } = 0.5;

    internal NanoKvmEmulator Emulator => _emulator;

    internal void OnChanged() => Changed?.Invoke();
}
