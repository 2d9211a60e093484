using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace NanoKvm.Client.Video.H264;

/// <summary>
/// The messages of <c>/api/stream/h264/direct</c> in the firmware's framing (<c>service/stream/direct/</c>): 2.2.7–2.2.9
/// text JSON with base64 data; 2.3.0+ binary <c>[key u8][timestamp u64 LE][Annex-B]</c>; 2.5.0+ the same plus the
/// client's acknowledgement <c>[0x02][timestamp u64 LE]</c> per consumed access unit (<c>client.go</c>
/// <c>frameAckMessage</c>). Nothing is ever sent to firmware without flow control (2.2.x closes the socket on any
/// client message).
/// </summary>
internal static class H264DirectMessages
{
    public const string Path = "/api/stream/h264/direct";
    public const string Endpoint = "GET " + Path;

    /// <summary>
    /// One device message as an access unit. <paramref name="message"/> is the library's private copy of the whole
    /// message, so the unit's bytes are a slice of it rather than another copy.
    /// </summary>
    /// <exception cref="NanoKvmException">The message is not a frame in <paramref name="framing"/>.</exception>
    public static H264AccessUnit Parse(byte[] message, H264DirectFraming framing, long connection, DateTimeOffset receivedAt) =>
        framing == H264DirectFraming.JsonBase64
            ? FromJson(message, connection, receivedAt)
            : FromBinary(message, connection, receivedAt);

    /// <summary>The 2.5.0+ acknowledgement of every access unit up to <paramref name="timestampMicroseconds"/>.</summary>
    public static byte[] Acknowledgement(long timestampMicroseconds)
    {
        var ack = new byte[9];
        ack[0] = 0x02;
        BinaryPrimitives.WriteUInt64LittleEndian(ack.AsSpan(1), (ulong)timestampMicroseconds);
        return ack;
    }

    private static H264AccessUnit FromBinary(byte[] message, long connection, DateTimeOffset receivedAt)
    {
        if (message.Length < 9 || message[0] > 1)
        {
            throw new NanoKvmException(
                $"{Endpoint} sent a {message.Length}-byte message that is not a [keyframe][timestamp][access unit] frame.",
                Endpoint, HttpStatusCode.SwitchingProtocols);
        }

        var timestamp = (long)BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(1));
        return new H264AccessUnit(message[0] == 1, timestamp, message.AsMemory(9), receivedAt, connection, isDiscontinuity: false);
    }

    private static H264AccessUnit FromJson(byte[] message, long connection, DateTimeOffset receivedAt)
    {
        try
        {
            var frame = JsonSerializer.Deserialize(message, VideoJsonContext.Default.H264JsonFrame);
            if (frame?.Data is null)
            {
                throw new NanoKvmException($"{Endpoint} sent a JSON frame without data.", Endpoint, HttpStatusCode.SwitchingProtocols);
            }

            return new H264AccessUnit(frame.IsKeyFrame, frame.Timestamp, Convert.FromBase64String(frame.Data), receivedAt, connection, isDiscontinuity: false);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // InvalidOperationException: a JSON string in invalid UTF-8.
            throw new NanoKvmException($"{Endpoint} sent a malformed JSON frame: {DeviceText.Clean(ex.Message)}", Endpoint, HttpStatusCode.SwitchingProtocols, innerException: ex);
        }
    }
}
