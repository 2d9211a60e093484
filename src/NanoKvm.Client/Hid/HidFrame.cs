using System.Runtime.CompilerServices;
using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Client.Hid;

/// <summary>
/// One WebSocket message waiting for the sender loop: its bytes inline (no heap buffer), whether it is a text
/// frame (legacy JSON), and the completion its caller awaits (none for heartbeats).
/// </summary>
internal struct HidFrame
{
    public FrameBytes Bytes;
    public byte Length;
    public bool IsText;
    public bool IsHeartbeat;
    public TaskCompletionSource? Done;

    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)Bytes)[..Length].CopyTo(destination);

    [InlineArray(JsonReportEncoder.MaxLength)]
    internal struct FrameBytes
    {
        private byte _element;
    }
}
