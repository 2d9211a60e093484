namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>Waits for state the emulator applies asynchronously (HID reports cross a WebSocket and a USB poll loop).</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(timeoutMs);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }

        return true;
    }
}
