namespace NanoKvm.Client.Video.H264;

/// <summary>One H.264 access unit from the direct stream, in Annex-B form (start codes), not decoded.</summary>
/// <remarks>
/// Keyframes carry SPS and PPS (firmware ≥2.2.3), so any keyframe can start a decoder or a raw <c>.h264</c> file.
/// The bytes are a private copy the consumer may keep.
/// </remarks>
public sealed class H264AccessUnit
{
    internal H264AccessUnit(bool isKeyFrame, long timestampMicroseconds, ReadOnlyMemory<byte> data, DateTimeOffset receivedAt, long connection, bool isDiscontinuity)
    {
        Connection = connection;
        IsKeyFrame = isKeyFrame;
        TimestampMicroseconds = timestampMicroseconds;
        Data = data;
        ReceivedAt = receivedAt;
        IsDiscontinuity = isDiscontinuity;
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

    /// <summary>
    /// True when access units were lost just before this one: the connection was replaced, or the consumer fell
    /// behind and the units waiting for it were dropped. Such a unit is always a keyframe, so a decoder can start
    /// afresh on it; timestamps may restart after a reconnect (the device's clock restarts when its last viewer left).
    /// False on the first unit of the stream.
    /// </summary>
    public bool IsDiscontinuity { get; }

    /// <summary>This unit, marked as the first after a gap.</summary>
    internal H264AccessUnit AfterDiscontinuity() => new(IsKeyFrame, TimestampMicroseconds, Data, ReceivedAt, Connection, isDiscontinuity: true);

    /// <summary>The number of the connection it arrived on (acknowledgements go back only on that one).</summary>
    internal long Connection { get; }
}
