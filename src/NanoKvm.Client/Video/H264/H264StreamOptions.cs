namespace NanoKvm.Client.Video.H264;

/// <summary>How to read the direct H.264 stream.</summary>
public sealed class H264StreamOptions
{
    /// <summary>The defaults: flow-control window 8 (as the web UI uses), up to 5 failed reconnect attempts in a row.</summary>
    public static H264StreamOptions Default { get; } = new();

    /// <summary>
    /// On firmware 2.5.0+, at most this many access units (1–8) are sent before the client acknowledges them; the
    /// client acknowledges each one after the consumer has taken it, so a slow consumer makes the device drop frames up
    /// to the next keyframe instead of queueing. 0 turns flow control off. Ignored by older firmware.
    /// </summary>
    public int FlowWindow { get; init; } = 8;

    /// <summary>
    /// How many failed attempts in a row (0–100) end the stream after its connection was lost; a lost connection is
    /// replaced after <see cref="ReconnectDelay"/>, growing to <see cref="MaxReconnectDelay"/> with jitter, and the
    /// first unit after it is a keyframe marked <see cref="H264AccessUnit.IsDiscontinuity"/>. 0 ends the stream at
    /// the first loss. A refused login ends it at once.
    /// </summary>
    public int ReconnectAttempts { get; init; } = 5;

    /// <summary>The first wait before reconnecting (default 250 ms).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reconnect attempts (default 5 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (FlowWindow is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(FlowWindow), FlowWindow, "The flow-control window must be 0 (off) or 1–8.");
        }

        if (ReconnectAttempts is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectAttempts), ReconnectAttempts, "ReconnectAttempts must be 0–100.");
        }

        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay || MaxReconnectDelay > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(
                nameof(ReconnectDelay), ReconnectDelay, "ReconnectDelay must be positive and not above MaxReconnectDelay, which is at most 5 minutes.");
        }
    }
}
