using NanoKvm.Client.Auth;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Hid.Transport;

/// <summary>One opened <c>/api/ws</c> socket and what it was opened with.</summary>
internal sealed class HidConnection(DeviceWebSocket web, FirmwareCapabilities capabilities, SessionTicket ticket, DateTimeOffset openedAt)
{
    private int _dead;

    /// <summary>Batched report writes; <see cref="DeviceWebSocket.Socket"/> is what Websocket.Client receives on.</summary>
    public DeviceWebSocket Web { get; } = web;

    public FirmwareCapabilities Capabilities { get; } = capabilities;

    public SessionTicket Ticket { get; } = ticket;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public bool IsDead => Volatile.Read(ref _dead) != 0;

    /// <summary>True for the first caller only.</summary>
    public bool MarkDead() => Interlocked.Exchange(ref _dead, 1) == 0;
}
