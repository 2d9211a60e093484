namespace NanoKvm.Client.Video.H264;

/// <summary>How to read the direct H.264 stream.</summary>
public sealed class H264StreamOptions
{
    /// <summary>The defaults: flow-control window 8 (as the web UI uses).</summary>
    public static H264StreamOptions Default { get; } = new();

    /// <summary>
    /// On firmware 2.5.0+, at most this many access units (1–8) are sent before the client acknowledges them; the
    /// client acknowledges each one after the consumer has taken it, so a slow consumer makes the device drop frames up
    /// to the next keyframe instead of queueing. 0 turns flow control off. Ignored by older firmware.
    /// </summary>
    public int FlowWindow { get; init; } = 8;

    internal void Validate()
    {
        if (FlowWindow is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(FlowWindow), FlowWindow, "The flow-control window must be 0 (off) or 1–8.");
        }
    }
}
