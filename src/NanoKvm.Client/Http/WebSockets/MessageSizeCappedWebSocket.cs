using System.Net.WebSockets;

namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// A <see cref="WebSocket"/> that refuses incoming messages larger than a cap. Websocket.Client gathers each message
/// whole in memory before handing it on, with no limit of its own, so one endless message from a broken or hostile
/// device would grow without bound. Past the cap this socket sends close 1009 (MessageTooBig), drops the
/// connection and fails the receive with a <see cref="NanoKvmException"/> naming the endpoint: the library then
/// treats the connection as lost and replaces it. Everything else passes through to the wrapped socket.
/// </summary>
internal sealed class MessageSizeCappedWebSocket : WebSocket
{
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(1);

    private readonly WebSocket _inner;
    private readonly int _maxMessageBytes;
    private readonly string _endpoint;
    private long _currentMessageBytes;
    private volatile bool _tooBig;
    private NanoKvmException? _refusal;

    /// <param name="inner">The socket that does the work (and is disposed with this one).</param>
    /// <param name="maxMessageBytes">The largest incoming message accepted, in bytes, summed over its frames.</param>
    /// <param name="endpoint">Named in the error, e.g. <c>GET /api/ws</c>.</param>
    public MessageSizeCappedWebSocket(WebSocket inner, int maxMessageBytes, string endpoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);
        _inner = inner;
        _maxMessageBytes = maxMessageBytes;
        _endpoint = endpoint;
    }

    /// <summary>1009 once this socket closed for an oversized message (the peer never sent that code), else the peer's.</summary>
    public override WebSocketCloseStatus? CloseStatus => _tooBig ? WebSocketCloseStatus.MessageTooBig : _inner.CloseStatus;

    public override string? CloseStatusDescription => _tooBig ? TooBigDescription : _inner.CloseStatusDescription;

    /// <summary>
    /// Aborted once this socket refused a message, even when the device answered our close first: Websocket.Client
    /// announces a loss only for a socket that is not already closed, and the reason must reach its subscribers.
    /// </summary>
    public override WebSocketState State => _tooBig ? WebSocketState.Aborted : _inner.State;

    public override string? SubProtocol => _inner.SubProtocol;

    /// <summary>
    /// The error this socket failed with when it refused a message, else null. Kept because Websocket.Client does not
    /// always pass a receive error on (it drops it when the loss happens while it is still connecting).
    /// </summary>
    public NanoKvmException? Refusal => _tooBig ? _refusal : null;

    private string TooBigDescription => $"message over {_maxMessageBytes} bytes";

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        await CountAsync(result.MessageType, result.Count, result.EndOfMessage).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        await CountAsync(result.MessageType, result.Count, result.EndOfMessage).ConfigureAwait(false);
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => _inner.Abort();

    public override void Dispose() => _inner.Dispose();

    /// <summary>
    /// Adds a received chunk to the current message; over the cap the chunk is not handed on, so the caller never
    /// holds more than the cap. Only one receive runs at a time (a <see cref="WebSocket"/> rule), so no lock.
    /// </summary>
    private async ValueTask CountAsync(WebSocketMessageType type, int count, bool endOfMessage)
    {
        if (type == WebSocketMessageType.Close)
        {
            return;
        }

        _currentMessageBytes += count;
        if (_currentMessageBytes <= _maxMessageBytes)
        {
            if (endOfMessage)
            {
                _currentMessageBytes = 0;
            }

            return;
        }

        _refusal = new NanoKvmException(
            $"The device sent a message larger than {Size(_maxMessageBytes)} on {_endpoint}; the connection was closed with 1009 (MessageTooBig).",
            _endpoint);
        _tooBig = true;
        try
        {
            // Tell the device why, then read and discard until its close (or the bound) as RFC 6455 §7.1.1 asks:
            // closing on unread data makes the kernel reset the connection, and a reset can destroy our close
            // frame before the device reads it. Bounded, because a device that streams without end never closes.
            using var bound = new CancellationTokenSource(CloseBound);
            await _inner.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, TooBigDescription, bound.Token).ConfigureAwait(false);
            var discard = new byte[4096];
            while ((await _inner.ReceiveAsync(discard.AsMemory(), bound.Token).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The close frame is a courtesy; the connection is dropped below either way.
        }
        finally
        {
            _inner.Abort();
        }

        throw _refusal;
    }

    private static string Size(int bytes) =>
        bytes % 1024 == 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024} KiB")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes");
}
