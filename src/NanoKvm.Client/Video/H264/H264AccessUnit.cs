namespace NanoKvm.Client.Video.H264;

/// <summary>One H.264 access unit from the direct stream, in Annex-B form (start codes), not decoded.</summary>
/// <remarks>
/// Keyframes carry SPS and PPS (firmware ≥2.2.3), so any keyframe can start a decoder or a raw <c>.h264</c> file.
/// The bytes are a private copy the consumer may keep.
/// </remarks>
public sealed class H264AccessUnit
{
    internal H264AccessUnit(bool isKeyFrame, long timestampMicroseconds, byte[] data, DateTimeOffset receivedAt)
    {
        IsKeyFrame = isKeyFrame;
        TimestampMicroseconds = timestampMicroseconds;
        Data = data;
        ReceivedAt = receivedAt;
    }

    /// <summary>True for an IDR access unit (with SPS and PPS).</summary>
    public bool IsKeyFrame { get; }

    /// <summary>
    /// Device timestamp in µs since its stream loop started (shared by all viewers; restarts when the last viewer
    /// leaves). Use it for presentation times and for flow-control acknowledgements.
    /// </summary>
    public long TimestampMicroseconds { get; }

    /// <summary>The device timestamp as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Timestamp => TimeSpan.FromTicks(TimestampMicroseconds * 10);

    /// <summary>The access unit, Annex-B byte stream format.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>When the client received it.</summary>
    public DateTimeOffset ReceivedAt { get; }
}
