using System.Net.WebSockets;

namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// An open device WebSocket: <see cref="Socket"/> receives, answers pings and closes, as any
/// <see cref="WebSocket"/>; <see cref="WriteFramesAsync"/> writes frames that <see cref="ClientFrameEncoder"/> already
/// built, many per socket write. Both go through one <see cref="SharedWriteStream"/>, so their frames never interleave.
/// </summary>
internal sealed class DeviceWebSocket : IDisposable
{
    private readonly SharedWriteStream _stream;

    public DeviceWebSocket(Stream connection, TimeSpan keepAliveInterval)
    {
        _stream = new SharedWriteStream(connection);
        Socket = WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions
        {
            IsServer = false,
            KeepAliveInterval = keepAliveInterval,
        });
    }

    /// <summary>The socket for receiving, control frames, whole-message sends and closing.</summary>
    public WebSocket Socket { get; }

    /// <summary>Writes complete encoded frames in one write (they reach the wire in this order, after any earlier write).</summary>
    public ValueTask WriteFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {Socket.State}; no more frames can be sent.");
        }

        return _stream.WriteAsync(frames, cancellationToken);
    }

    public void Abort() => Socket.Abort();

    public void Dispose()
    {
        Socket.Dispose();
        _stream.Dispose();
    }
}
