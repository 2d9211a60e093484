using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// A device that sends one oversized message on <c>/api/ws</c> (8 MiB, or one that never ends) right after the
/// upgrade, over a real Kestrel socket: the client closes that connection with 1009 after 64 KiB, replaces it through
/// the usual back-off path, and the replacement carries pushes and HID reports as usual. Alone in its collection so
/// the process-wide allocation count is this test's own (device included).
/// </summary>
[Collection(nameof(OversizedMessageTests))]
[CollectionDefinition(nameof(OversizedMessageTests), DisableParallelization = true)]
public sealed class OversizedMessageTests
{
    private const int Chunk = 64 * 1024;
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(8 * 1024 * 1024)]
    [InlineData(-1)]
    public async Task OversizedMessage_ClosesWith1009_AndANewConnectionCarriesPushesAndReports(int messageBytes)
    {
        var device = new OversizingDevice(messageBytes);
        await using var server = await HostileDevice.StartAsync(device.Map);
        await using var client = server.NewClient(options =>
        {
            options.FirmwareVersion = "2.5.1";
            options.Hid.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        });
        var states = new ConcurrentQueue<HidConnectionStateChangedEventArgs>();
        client.HidConnectionStateChanged += (_, e) => states.Enqueue(e);
        await client.LoginAsync(Ct);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _ = client.Keyboard.ConnectAsync(Ct);
        var closeStatus = await device.FirstCloseStatus.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await HidTestDevice.WaitUntilAsync(
            () => client.Hid.ConnectionCount >= 2 && client.HidConnectionState == HidConnectionState.Connected, "a second connection is open");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{(messageBytes < 0 ? "endless" : $"{messageBytes} B")} message: the device sent {device.FirstConnectionSent} B before the close; {allocated} B allocated in the process meanwhile");

        // The client closed, not the device: 1009 with its reason, and the state change says so once. (Under load a
        // report racing the replacement can cause one more, ordinary reconnect; that one is not about the cap.)
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, closeStatus);
        var lost = Assert.Single(states, e => e.State == HidConnectionState.Reconnecting && e.CloseStatus == 1009);
        Assert.Contains("64 KiB", lost.Reason, StringComparison.Ordinal);
        Assert.Contains("GET /api/ws", lost.Reason, StringComparison.Ordinal);

        // Buffering the 8 MiB message whole would cost at least its size twice over (bytes, then the string). An
        // endless message could never be buffered whole at all (no close would come); the device's own allocations
        // grow with what it manages to send then, so the count says nothing there.
        if (messageBytes > 0)
        {
            Assert.True(allocated < 6 * 1024 * 1024, $"{allocated} B allocated while refusing the message");
        }

        // The refused connection is gone on the device's side as well, not left open behind the library's back.
        await device.FirstConnectionEnded.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);

        // The replacement works: a small push arrives and a key goes out.
        await HidTestDevice.WaitUntilAsync(() => client.Keyboard.Leds is { CapsLock: true, Known: true }, "the LED push on the new connection arrived");
        await client.Keyboard.PressAsync("KeyA", Ct);
        await HidTestDevice.WaitUntilAsync(() => device.ReportsOnLaterConnections >= 2, "the key's press and release reached the device");
    }

    /// <summary>The device's side: the first connection gets the oversized message, later ones a small LED push.</summary>
    private sealed class OversizingDevice(int messageBytes)
    {
        private const string LedPush =
            "{\"type\":\"hid-led-status\",\"data\":\"{\\\"numLock\\\":false,\\\"capsLock\\\":true,\\\"scrollLock\\\":false,\\\"known\\\":true,\\\"updatedAt\\\":null}\"}";

        private int _connections;
        private long _firstConnectionSent;
        private int _reports;

        public TaskCompletionSource<WebSocketCloseStatus?> FirstCloseStatus { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The first connection is over on the device's side too (its sends failed: the client dropped it).</summary>
        public TaskCompletionSource FirstConnectionEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long FirstConnectionSent => Interlocked.Read(ref _firstConnectionSent);

        public int ReportsOnLaterConnections => Volatile.Read(ref _reports);

        public void Map(WebApplication app)
        {
            app.UseWebSockets();
            app.Map("/api/ws", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                if (Interlocked.Increment(ref _connections) == 1)
                {
                    await OversizeAsync(socket, context.RequestAborted);
                }
                else
                {
                    await ServeAsync(socket);
                }
            });
        }

        private async Task OversizeAsync(WebSocket socket, CancellationToken aborted)
        {
            var receiving = ReceiveCloseAsync(socket);
            var chunk = Encoding.ASCII.GetBytes(new string('x', Chunk));

            // Kestrel drops writes to a connection the peer reset without failing them; its abort token says so.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, Ct);
            try
            {
                for (long sent = 0; messageBytes < 0 || sent < messageBytes; sent += Chunk)
                {
                    var last = messageBytes >= 0 && sent + Chunk >= messageBytes;
                    await socket.SendAsync(chunk, WebSocketMessageType.Text, last, stop.Token);
                    Interlocked.Add(ref _firstConnectionSent, Chunk);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client dropped the connection mid-message: what we want.
            }

            await receiving;
            FirstConnectionEnded.TrySetResult();
        }

        private async Task ReceiveCloseAsync(WebSocket socket)
        {
            var buffer = new byte[1024];
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, Ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        FirstCloseStatus.TrySetResult(result.CloseStatus);
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                FirstCloseStatus.TrySetResult(null);
            }
        }

        private async Task ServeAsync(WebSocket socket)
        {
            var buffer = new byte[1024];
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(LedPush), WebSocketMessageType.Text, true, Ct);
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, Ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        Interlocked.Increment(ref _reports);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
