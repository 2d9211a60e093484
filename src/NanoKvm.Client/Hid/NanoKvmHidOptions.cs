namespace NanoKvm.Client.Hid;

/// <summary>Settings of the keyboard and mouse session.</summary>
public sealed class NanoKvmHidOptions
{
    /// <summary>Interval of the heartbeat byte on <c>/api/ws</c> (firmware ≥2.5.0 closes a silent socket after 90 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Pause between the reports of one action (a key tap, a typed character, a click). Default 10 ms: a boot
    /// keyboard or mouse is polled every 1–10 ms, and BIOS/UEFI code that samples state rather than queuing
    /// events can miss a press and release that arrive within the same poll. Zero sends back to back.
    /// </summary>
    public TimeSpan ReportPace { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Pointer used when a mouse call does not say (<see cref="MouseMode.Absolute"/> by default).</summary>
    public MouseMode DefaultMouseMode { get; set; } = MouseMode.Absolute;

    /// <summary>
    /// How often the client pings the device on <c>/api/ws</c> (WebSocket ping; every firmware answers with a pong).
    /// With <see cref="PingTimeout"/> this bounds how long a silently dead network path goes unnoticed.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a ping may stay unanswered before the connection counts as dead and is replaced (on .NET 9 and
    /// later; .NET 8 sends keep-alive frames but cannot time them out). A dead path is noticed within
    /// <see cref="PingInterval"/> + <see cref="PingTimeout"/> (10 s by default).
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before reconnecting a dropped socket; grows per failed or short-lived attempt up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connection attempts before a send fails with <see cref="NanoKvmException"/> (the next send tries again).</summary>
    public int ReconnectAttempts { get; set; } = 5;

    /// <summary>
    /// Reports that may wait for the socket. When the device is slow, callers await a free slot, so memory stays
    /// bounded whatever the callers do.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 64;

    internal void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= TimeSpan.FromSeconds(90))
        {
            throw new ArgumentException("Hid.HeartbeatInterval must be between 0 and 90 seconds.", nameof(HeartbeatInterval));
        }

        if (ReportPace < TimeSpan.Zero || ReportPace > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("Hid.ReportPace must be between 0 and 1 second.", nameof(ReportPace));
        }

        if (!Enum.IsDefined(DefaultMouseMode))
        {
            throw new ArgumentException("Hid.DefaultMouseMode is not a MouseMode value.", nameof(DefaultMouseMode));
        }

        if (PingInterval <= TimeSpan.Zero || PingTimeout <= TimeSpan.Zero || PingInterval > TimeSpan.FromMinutes(10) || PingTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException("Hid.PingInterval and Hid.PingTimeout must be between 0 and 10 minutes.", nameof(PingInterval));
        }

        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            throw new ArgumentException("Hid.ReconnectDelay must be positive and not above Hid.MaxReconnectDelay.", nameof(ReconnectDelay));
        }

        if (ReconnectAttempts < 1 || SendQueueCapacity < 1)
        {
            throw new ArgumentException("Hid.ReconnectAttempts and Hid.SendQueueCapacity must be at least 1.", nameof(ReconnectAttempts));
        }
    }

    internal void CopyTo(NanoKvmHidOptions target)
    {
        target.HeartbeatInterval = HeartbeatInterval;
        target.ReportPace = ReportPace;
        target.DefaultMouseMode = DefaultMouseMode;
        target.PingInterval = PingInterval;
        target.PingTimeout = PingTimeout;
        target.ReconnectDelay = ReconnectDelay;
        target.MaxReconnectDelay = MaxReconnectDelay;
        target.ReconnectAttempts = ReconnectAttempts;
        target.SendQueueCapacity = SendQueueCapacity;
    }
}
