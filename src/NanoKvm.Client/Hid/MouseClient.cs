namespace NanoKvm.Client.Hid;

/// <summary>Mouse input over the HID WebSocket: absolute and relative moves, buttons, wheel.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public class MouseClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected MouseClient()
    {
        _owner = null!;
    }

    internal MouseClient(NanoKvmClient owner)
    {
        _owner = owner;
    }
}
