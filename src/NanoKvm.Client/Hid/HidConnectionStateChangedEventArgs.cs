namespace NanoKvm.Client.Hid;

/// <summary>A change of <see cref="NanoKvmClient.HidConnectionState"/>.</summary>
public sealed class HidConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="state">The new state.</param>
    /// <param name="reason">Why, for <see cref="HidConnectionState.Reconnecting"/> and <see cref="HidConnectionState.Closed"/>.</param>
    /// <param name="closeStatus">The WebSocket close code the device sent, when it closed the socket.</param>
    public HidConnectionStateChangedEventArgs(HidConnectionState state, string? reason, int? closeStatus)
    {
        State = state;
        Reason = reason;
        CloseStatus = closeStatus;
    }

    /// <summary>The new state.</summary>
    public HidConnectionState State { get; }

    /// <summary>Why the connection was lost or closed; null when connecting or connected.</summary>
    public string? Reason { get; }

    /// <summary>The device's WebSocket close code (e.g. 4401 when the session was revoked), or null.</summary>
    public int? CloseStatus { get; }
}
