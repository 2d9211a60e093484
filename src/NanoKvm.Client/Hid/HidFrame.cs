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

    /// <summary>The action this frame belongs to; its frames must all go over the same connection.</summary>
    public HidAction? Action;

    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)Bytes)[..Length].CopyTo(destination);

    [InlineArray(JsonReportEncoder.MaxLength)]
    internal struct FrameBytes
    {
        private byte _element;
    }
}

/// <summary>
/// One multi-report action (a chord, a text, a drag). Its reports must reach the host over a single connection:
/// after a reconnect the host's state was reset, so continuing would type a fragment as if nothing happened.
/// </summary>
internal sealed class HidAction
{
    /// <summary>Connection that carried the first report, or 0 before.</summary>
    public long ConnectionId { get; set; }
}
