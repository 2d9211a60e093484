namespace NanoKvm.Client.Power;

/// <summary>ATX power and reset buttons, power/HDD LEDs and Wake-on-LAN.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public class PowerClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected PowerClient()
    {
        _owner = null!;
    }

    internal PowerClient(NanoKvmClient owner)
    {
        _owner = owner;
    }
}
