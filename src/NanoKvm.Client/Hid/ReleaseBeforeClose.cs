namespace NanoKvm.Client.Hid;

/// <summary>
/// The one rule every close of the HID socket goes through: send the all-released keyboard and mouse reports first.
/// A NanoKVM-Pro (and Cube firmware before 2.4.1) leaves keys and buttons held on the target when the socket closes
/// (Pro <c>service/ws/client.go</c> @1.2.15 has no release on close), so the client must release before it closes,
/// whatever the firmware. Best effort within a short time: a dead socket cannot carry it, and the reconnect path
/// (<see cref="HidSession"/>) releases again on the next connection.
/// </summary>
internal static class ReleaseBeforeClose
{
    public static async Task RunAsync(HidSession session, TimeSpan timeout, Action<string> onFailure)
    {
        try
        {
            using var limit = new CancellationTokenSource(timeout, session.Time);
            await session.ReleaseEverythingAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NanoKvmException or OperationCanceledException or ObjectDisposedException)
        {
            onFailure(ex.Message);
        }
    }
}
