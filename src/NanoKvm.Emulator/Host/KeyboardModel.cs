namespace NanoKvm.Emulator.Host;

/// <summary>The host's keyboard: every report received on hidg0, the typed-text transcript per layout, and lock LEDs.</summary>
public sealed class KeyboardModel
{
    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly System.Text.StringBuilder _transcript = new();

    internal KeyboardModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
    }

    /// <summary>Raised (on the emulator's thread) after the transcript or LED state changed; the screen re-renders on it.</summary>
    public event Action? Changed;

    /// <summary>Text the host's OS would have received, interpreted with the host's keyboard layout.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return _transcript.ToString();
            }
        }
    }

    internal NanoKvmEmulator Emulator => _emulator;

    internal object Gate => _gate;

    internal System.Text.StringBuilder TranscriptBuilder => _transcript;

    internal void OnChanged() => Changed?.Invoke();
}
