using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>The emulated direct H.264 socket on the wire, per firmware framing.</summary>
public sealed class H264DirectRouteTests
{
    private static async Task<ClientWebSocket> ConnectAsync(EmulatorSession session, string query = "")
    {
        var socket = new ClientWebSocket();
        // These tests use profiles whose login returns the token in the body (see EmulatorSession).
        socket.Options.SetRequestHeader("Cookie", session.Http.DefaultRequestHeaders.GetValues("Cookie").Single());

        var uri = new UriBuilder(session.Emulator.BaseAddress) { Scheme = "ws", Path = "/api/stream/h264/direct", Query = query }.Uri;
        await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return socket;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)?> ReceiveAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        var buffer = new byte[256 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (WebSocketMessageType.Close, []);
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return (result.MessageType, buffer[..length]);
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (WebSocketException)
        {
            return (WebSocketMessageType.Close, []); // gorilla's Close() drops the connection without a handshake
        }
    }

    [Fact]
    public async Task Firmware22_SendsJsonTextFrames_AndClosesOnAnyClientMessage()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_2);
        using var socket = await ConnectAsync(session);

        var message = (await ReceiveAsync(socket, TimeSpan.FromSeconds(10)))!.Value;
        using var json = JsonDocument.Parse(message.Data);
        var data = Convert.FromBase64String(json.RootElement.GetProperty("data").GetString()!);
        await socket.SendAsync(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
        (WebSocketMessageType Type, byte[] Data)? next;
        do
        {
            next = await ReceiveAsync(socket, TimeSpan.FromSeconds(10));
        }
        while (next is { Type: not WebSocketMessageType.Close });

        Assert.Equal(WebSocketMessageType.Text, message.Type);
        Assert.True(json.RootElement.GetProperty("timestamp").GetInt64() >= 0);
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, data[..4]);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Firmware23_SendsBinaryFramesStartingWithAKeyframe()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_3_1);
        using var socket = await ConnectAsync(session);

        var message = (await ReceiveAsync(socket, TimeSpan.FromSeconds(10)))!.Value;

        Assert.Equal(WebSocketMessageType.Binary, message.Type);
        Assert.Equal(1, message.Data[0]);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0x67 }, message.Data[9..14]);
    }

    [Fact]
    public async Task Firmware25_FlowWindowOfOne_StallsUntilAcknowledged()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_0);
        await session.PostAsync("/api/vm/screen", new { type = "gop", value = 3 });
        using var socket = await ConnectAsync(session, "flow=1");

        var first = (await ReceiveAsync(socket, TimeSpan.FromSeconds(10)))!.Value;
        // Cancelling a receive would abort the socket, so watch a pending one instead.
        var next = ReceiveAsync(socket, TimeSpan.FromSeconds(20));
        var stalled = await Task.WhenAny(next, Task.Delay(500, TestContext.Current.CancellationToken)) != next; // ~15 capture ticks
        var ack = new byte[9];
        ack[0] = 2;
        BinaryPrimitives.WriteUInt64LittleEndian(ack.AsSpan(1), BinaryPrimitives.ReadUInt64LittleEndian(first.Data.AsSpan(1)));
        await socket.SendAsync(ack, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
        var resumed = await next;

        Assert.True(stalled);
        Assert.Equal(WebSocketMessageType.Binary, resumed!.Value.Type);
        Assert.Equal(1, resumed.Value.Data[0]); // frames were dropped up to the next keyframe
    }
}
