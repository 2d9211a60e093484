using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Tests.WebSockets;

/// <summary>
/// Batched frame writes share the connection with the WebSocket's own control frames (pongs to the server's pings,
/// keep-alive pongs). Over a real loopback connection, none of them may tear another frame apart.
/// </summary>
public sealed class DeviceWebSocketTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BatchedWrites_InterleavedWithTheSocketsOwnSends_ArriveWholeAndInOrder(bool tls)
    {
        const int Batches = 300;
        const int PerBatch = 200;
        const int TextMessages = 5000;
        var (clientTcp, serverTcp) = await LoopbackPairAsync();
        using var clientOwner = clientTcp;
        using var serverOwner = serverTcp;
        var (clientStream, serverStream) = tls
            ? await TlsPairAsync(clientTcp.GetStream(), serverTcp.GetStream())
            : ((Stream)clientTcp.GetStream(), (Stream)serverTcp.GetStream());

        // The server pings every 2 ms and insists on the pongs; the client also sends its own keep-alive pongs.
        using var server = WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.FromMilliseconds(2),
            KeepAliveTimeout = TimeSpan.FromSeconds(10),
        });
        using var client = new DeviceWebSocket(clientStream, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        var clientReceive = Task.Run(async () =>
        {
            // Receiving is what makes the client answer pings.
            var sink = new byte[64];
            while ((await client.Socket.ReceiveAsync(sink.AsMemory(), Ct)).MessageType != WebSocketMessageType.Close)
            {
            }
        }, Ct);

        var received = Task.Run(async () =>
        {
            var buffer = new byte[64];
            var expected = 0;
            var expectedText = 0;
            while (expected < Batches * PerBatch || expectedText < TextMessages)
            {
                var result = await server.ReceiveAsync(buffer.AsMemory(), Ct);
                Assert.True(result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    Assert.Equal($"text {expectedText}", System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
                    expectedText++;
                    continue;
                }

                Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
                Assert.Equal(expected, BinaryPrimitives.ReadInt32LittleEndian(buffer));
                expected++;
            }

            return expected + expectedText;
        }, Ct);

        // The socket's own sends (the path of control frames and close) run at the same time as the batches.
        var ownSends = Task.Run(async () =>
        {
            for (var i = 0; i < TextMessages; i++)
            {
                await client.Socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"text {i}"), WebSocketMessageType.Text, true, Ct);
            }
        }, Ct);

        var outgoing = new EncodedFrames(PerBatch * ClientFrameEncoder.MaxFrameLength);
        var payload = new byte[8];
        for (var batch = 0; batch < Batches; batch++)
        {
            for (var i = 0; i < PerBatch; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload, (batch * PerBatch) + i);
                outgoing.Add(payload, text: false);
            }

            await client.WriteFramesAsync(outgoing.Encoded, Ct);
            outgoing.Clear();
            if (batch % 20 == 0)
            {
                // Give the keep-alive timers room to fire between writes.
                await Task.Delay(3, Ct);
            }
        }

        await ownSends.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal((Batches * PerBatch) + TextMessages, await received.WaitAsync(TimeSpan.FromSeconds(60), Ct));
        Assert.Equal(WebSocketState.Open, server.State);

        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        var close = await server.ReceiveAsync(new byte[8].AsMemory(), Ct);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        await server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        await clientReceive.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    /// <summary>Two ends of one real loopback TCP connection.</summary>
    private static async Task<(TcpClient Client, TcpClient Server)> LoopbackPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, Ct);
        return (client, await listener.AcceptTcpClientAsync(Ct));
    }

    /// <summary>TLS over the pair: SslStream refuses overlapping writes outright, so any unserialised write fails loudly.</summary>
    private static async Task<(Stream Client, Stream Server)> TlsPairAsync(Stream client, Stream server)
    {
        using var certificate = Tls.SelfSignedCertificate.Create();
        var pinned = certificate.GetCertHashString();
        var clientTls = new SslStream(client, leaveInnerStreamOpen: false, (_, presented, _, _) => presented?.GetCertHashString() == pinned);
        var serverTls = new SslStream(server, leaveInnerStreamOpen: false);
        await Task.WhenAll(
            clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, Ct),
            serverTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, Ct));
        return (clientTls, serverTls);
    }

    [Fact]
    public async Task WritingAfterClose_FailsClearly()
    {
        var (clientTcp, serverTcp) = await LoopbackPairAsync();
        using var clientOwner = clientTcp;
        using var serverOwner = serverTcp;
        using var client = new DeviceWebSocket(clientTcp.GetStream(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        client.Abort();

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.WriteFramesAsync(new byte[11], Ct).AsTask());
        Assert.Contains("Aborted", error.Message, StringComparison.Ordinal);
    }
}
