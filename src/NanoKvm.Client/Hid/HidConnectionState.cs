namespace NanoKvm.Client.Hid;

/// <summary>Where the keyboard and mouse connection (<c>/api/ws</c>) stands.</summary>
public enum HidConnectionState
{
    /// <summary>Not opened yet: it opens on the first keyboard or mouse call.</summary>
    NotStarted,

    /// <summary>Opening for the first time, or again after it was closed.</summary>
    Connecting,

    /// <summary>Open: reports go out.</summary>
    Connected,

    /// <summary>Lost; being replaced after a back-off delay. Reports sent meanwhile wait or fail.</summary>
    Reconnecting,

    /// <summary>Given up (see the reason) or closed by disposing the client; the next call opens it again unless disposed.</summary>
    Closed,
}
