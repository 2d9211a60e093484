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

    /// <param name="connection">The upgraded connection.</param>
    /// <param name="keepAliveInterval">How often to ping.</param>
    /// <param name="keepAliveTimeout">
    /// How long a ping may go unanswered before the socket aborts (a dead path); infinite for none. .NET 8 cannot
    /// time pings out: there it only sends keep-alive frames.
    /// </param>
    public DeviceWebSocket(Stream connection, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout)
    {
        _stream = new SharedWriteStream(connection);
        var options = new WebSocketCreationOptions
        {
            IsServer = false,
            KeepAliveInterval = keepAliveInterval,
        };
#if NET9_0_OR_GREATER
        options.KeepAliveTimeout = keepAliveTimeout;
#else
        _ = keepAliveTimeout;
#endif
        Socket = WebSocket.CreateFromStream(_stream, options);
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
