namespace NanoKvm.Client.Hid;

/// <summary>Keyboard input over the HID WebSocket: keys, chords, sequences and text.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public class KeyboardClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected KeyboardClient()
    {
        _owner = null!;
    }

    internal KeyboardClient(NanoKvmClient owner)
    {
        _owner = owner;
    }
}
