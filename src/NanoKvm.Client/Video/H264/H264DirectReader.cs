using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Video.H264;

/// <summary>
/// Reads access units from an open <c>/api/stream/h264/direct</c> WebSocket in the firmware's framing: 2.2.7–2.2.9
/// text JSON with base64 data; 2.3.0+ binary <c>[key u8][timestamp u64 LE][Annex-B]</c>; 2.5.0+ the same plus an
/// acknowledgement <c>[0x02][timestamp u64 LE]</c> per consumed access unit. Nothing is ever sent to firmware without
/// flow control (2.2.x closes the socket on any client message).
/// </summary>
internal sealed class H264DirectReader : IAsyncDisposable
{
    public const string Path = "/api/stream/h264/direct";
    public const string Endpoint = "GET " + Path;

    private readonly DeviceWebSocket _connection;
    private readonly WebSocket _socket;
    private readonly H264DirectFraming _framing;
    private readonly bool _acknowledge;
    private readonly int _maxBytes;
    private readonly TimeProvider _time;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    public H264DirectReader(DeviceWebSocket connection, H264DirectFraming framing, bool acknowledge, int maxBytes, TimeProvider time)
    {
        _connection = connection;
        _socket = connection.Socket;
        _framing = framing;
        _acknowledge = acknowledge;
        _maxBytes = maxBytes;
        _time = time;
    }

    /// <summary>The next access unit, or null when the device closed the stream.</summary>
    public async ValueTask<H264AccessUnit?> ReadAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        WebSocketReceiveResult result;
        try
        {
            do
            {
                if (length == _buffer.Length)
                {
                    if (length >= _maxBytes)
                    {
                        throw new NanoKvmException(
                            $"{Endpoint} sent a message above the {_maxBytes}-byte limit (NanoKvmVideoOptions.MaxFrameBytes).", Endpoint, HttpStatusCode.SwitchingProtocols);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxBytes + 1));
                    _buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = larger;
                }

                result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer, length, _buffer.Length - length), cancellationToken)
                    .ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
                if (length > _maxBytes)
                {
                    throw new NanoKvmException(
                        $"{Endpoint} sent a message above the {_maxBytes}-byte limit (NanoKvmVideoOptions.MaxFrameBytes).", Endpoint, HttpStatusCode.SwitchingProtocols);
                }
            }
            while (!result.EndOfMessage);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            throw new NanoKvmException($"{Endpoint} broke off: {DeviceText.Clean(ex.Message)}", Endpoint, innerException: ex);
        }

        var message = _buffer.AsSpan(0, length);
        return _framing == H264DirectFraming.JsonBase64 ? FromJson(message) : FromBinary(message);
    }

    /// <summary>Acknowledges every access unit up to this timestamp (2.5.0+ flow control).</summary>
    public async ValueTask AcknowledgeAsync(long timestampMicroseconds, CancellationToken cancellationToken)
    {
        if (!_acknowledge)
        {
            return;
        }

        var ack = new byte[9];
        ack[0] = 0x02;
        BinaryPrimitives.WriteUInt64LittleEndian(ack.AsSpan(1), (ulong)timestampMicroseconds);
        try
        {
            await _socket.SendAsync(ack, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            throw new NanoKvmException($"{Endpoint} broke off while acknowledging: {DeviceText.Clean(ex.Message)}", Endpoint, innerException: ex);
        }
    }

    private H264AccessUnit FromBinary(ReadOnlySpan<byte> message)
    {
        if (message.Length < 9 || message[0] > 1)
        {
            throw new NanoKvmException(
                $"{Endpoint} sent a {message.Length}-byte message that is not a [keyframe][timestamp][access unit] frame.",
                Endpoint, HttpStatusCode.SwitchingProtocols);
        }

        var timestamp = (long)BinaryPrimitives.ReadUInt64LittleEndian(message[1..]);
        return new H264AccessUnit(message[0] == 1, timestamp, message[9..].ToArray(), _time.GetUtcNow());
    }

    private H264AccessUnit FromJson(ReadOnlySpan<byte> message)
    {
        try
        {
            var frame = JsonSerializer.Deserialize(message, VideoJsonContext.Default.H264JsonFrame);
            if (frame?.Data is null)
            {
                throw new NanoKvmException($"{Endpoint} sent a JSON frame without data.", Endpoint, HttpStatusCode.SwitchingProtocols);
            }

            return new H264AccessUnit(frame.IsKeyFrame, frame.Timestamp, Convert.FromBase64String(frame.Data), _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // InvalidOperationException: a JSON string in invalid UTF-8.
            throw new NanoKvmException($"{Endpoint} sent a malformed JSON frame: {DeviceText.Clean(ex.Message)}", Endpoint, HttpStatusCode.SwitchingProtocols, innerException: ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The device may already be gone; closing is best effort.
        }
        finally
        {
            _connection.Abort();
            _connection.Dispose();
            var buffer = Interlocked.Exchange(ref _buffer, []);
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
