namespace NanoKvm.Client.Hid;

/// <summary>Settings of the keyboard and mouse session.</summary>
public sealed class NanoKvmHidOptions
{
    /// <summary>Interval of the heartbeat byte on <c>/api/ws</c> (firmware ≥2.5.0 closes a silent socket after 90 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= TimeSpan.FromSeconds(90))
        {
            throw new ArgumentException("Hid.HeartbeatInterval must be between 0 and 90 seconds.", nameof(HeartbeatInterval));
        }
    }

    internal void CopyTo(NanoKvmHidOptions target)
    {
        target.HeartbeatInterval = HeartbeatInterval;
    }
}
