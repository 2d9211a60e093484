using System.Runtime.CompilerServices;
using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Client.Hid;

/// <summary>
/// One WebSocket message (or one <see cref="HidFrameBatch"/> of them) waiting for the sender loop: its bytes inline
/// (no heap buffer), whether it is a text frame (legacy JSON), and the completion its caller awaits (none for
/// heartbeats).
/// </summary>
internal struct HidFrame
{
    public FrameBytes Bytes;
    public byte Length;
    public bool IsText;
    public bool IsHeartbeat;
    public TaskCompletionSource? Done;

    /// <summary>When set, this entry stands for all reports of the batch instead of <see cref="Bytes"/>; the sender disposes it.</summary>
    public HidFrameBatch? Batch;

    /// <summary>The action this frame belongs to; its frames must all go over the same connection.</summary>
    public HidAction? Action;

    /// <summary>Settles the caller's wait and frees the batch; every frame taken off the queue ends here exactly once.</summary>
    public readonly void Complete(Exception? failure)
    {
        Batch?.Dispose();
        if (failure is null)
        {
            Done?.TrySetResult();
        }
        else
        {
            Done?.TrySetException(failure);
        }
    }

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
