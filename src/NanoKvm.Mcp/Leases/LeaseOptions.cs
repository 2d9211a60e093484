namespace NanoKvm.Mcp.Leases;

/// <summary>How input leases behave; registered by hosts that want other than the defaults.</summary>
internal sealed class LeaseOptions
{
    /// <summary>A lease ends this long after its holder's last input call finished.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock of the idle timeout and the watchdog.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
