namespace NanoKvm.Client.Video.Mjpeg;

/// <summary>
/// One frame as the parser cut it: a pooled buffer holding one reference for its owner, the JPEG length, the size
/// from its SOF header, arrival time and position in the stream. <see cref="ToFrame"/> hands it to a caller as a
/// <see cref="VideoFrame"/>; code that only inspects the bytes releases <see cref="Buffer"/> itself.
/// </summary>
internal readonly record struct MjpegPart(FrameBuffer Buffer, int Length, int Width, int Height, DateTimeOffset ReceivedAt, long Sequence)
{
    /// <summary>Wraps the part (and its reference) as a frame the caller disposes.</summary>
    public VideoFrame ToFrame() => new(Buffer, Length, Width, Height, ReceivedAt, Sequence);
}
