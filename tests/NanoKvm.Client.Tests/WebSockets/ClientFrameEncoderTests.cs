using System.Net.WebSockets;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Tests.WebSockets;

/// <summary>Frames we encode ourselves are read back by the runtime's own server-side WebSocket exactly as sent.</summary>
public sealed class ClientFrameEncoderTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EncodedFrames_AreReadBackByAServerWebSocket_WithTypeAndPayloadIntact()
    {
        var random = new Random(7);
        var outgoing = new EncodedFrames(64 * 1024);
        var sent = new List<(byte[] Payload, bool Text)>();
        while (outgoing.HasRoom)
        {
            var payload = new byte[random.Next(0, ClientFrameEncoder.MaxPayload + 1)];
            random.NextBytes(payload);
            var text = random.Next(2) == 0;
            if (text)
            {
                // Text frames must hold UTF-8; the server validates it.
                Array.Fill(payload, (byte)'a');
            }

            outgoing.Add(payload, text);
            sent.Add((payload, text));
        }

        using var server = WebSocket.CreateFromStream(new MemoryStream(outgoing.Encoded.ToArray()), new WebSocketCreationOptions { IsServer = true });
        var buffer = new byte[256];
        foreach (var (payload, text) in sent)
        {
            var result = await server.ReceiveAsync(buffer.AsMemory(), Ct);
            Assert.True(result.EndOfMessage);
            Assert.Equal(text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, result.MessageType);
            Assert.Equal(payload, buffer.AsSpan(0, result.Count).ToArray());
        }

        Assert.True(sent.Count > 400);
    }

    [Fact]
    public void EveryFrame_GetsItsOwnMaskingKey()
    {
        var encoder = new ClientFrameEncoder();
        var masks = new HashSet<uint>();
        var frame = new byte[ClientFrameEncoder.MaxFrameLength];
        for (var i = 0; i < 3000; i++)
        {
            var length = encoder.Encode(frame, [2, 0, 1, 1, 0], text: false);
            Assert.Equal(11, length);
            Assert.Equal(0x82, frame[0]);
            Assert.Equal(0x85, frame[1]);
            masks.Add(BitConverter.ToUInt32(frame, 2));
        }

        // 3,000 random 32-bit keys collide with a probability of about 0.1 %; a reused key block would repeat ~all.
        Assert.True(masks.Count >= 2995, $"{masks.Count} distinct masks");
    }

    [Fact]
    public void APayloadLongerThanTheShortForm_IsRefused()
    {
        var encoder = new ClientFrameEncoder();
        var frame = new byte[512];

        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Encode(frame, new byte[126], text: false));
    }
}
