using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoKvm.Client.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a device, with faults a real network or a misbehaving device produces:
/// <see cref="Freeze"/> stops moving bytes on every open connection without closing it (no FIN, no RST — a dead
/// Wi-Fi link or a sleeping NAT), and <see cref="CloseWebSocketsWith"/> lets every WebSocket upgrade succeed and then
/// closes the socket at once with the given close code, as a device that drops each connection right after opening.
/// </summary>
public sealed class LoopbackForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _frozen;
    private int _webSocketUpgrades;

    public LoopbackForwarder(Uri upstream)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstream.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The address to point a client at.</summary>
    public Uri Address { get; }

    /// <summary>WebSocket upgrade requests seen so far (handshakes).</summary>
    public int WebSocketUpgrades => Volatile.Read(ref _webSocketUpgrades);

    /// <summary>When set, WebSocket upgrade requests are swallowed and never answered.</summary>
    public bool HangWebSocketUpgrades { get; set; }

    /// <summary>When set, each WebSocket is closed with this code right after its upgrade succeeded.</summary>
    public int? CloseWebSocketsWith { get; set; }

    /// <summary>Stops forwarding on the connections open now; they stay open. New connections still work.</summary>
    public void Freeze()
    {
        lock (_open)
        {
            _frozen = true;
            foreach (var client in _open)
            {
                FrozenConnections.Add(client);
            }
        }
    }

    /// <summary>
    /// Resets every connection open now (RST, no close frame): a device that restarts or a path that breaks.
    /// New connections still work.
    /// </summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            _open.Clear();
        }
    }

    private HashSet<TcpClient> FrozenConnections { get; } = [];

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            var fromClient = client.GetStream();
            var toUpstream = upstream.GetStream();
            var connection = new ConnectionFaults();
            await Task.WhenAny(
                PumpRequestsAsync(client, connection, fromClient, toUpstream),
                PumpResponsesAsync(client, connection, toUpstream, fromClient));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side went away.
        }
        finally
        {
            lock (_open)
            {
                if (!FrozenConnections.Contains(client))
                {
                    _open.Remove(client);
                    _open.Remove(upstream);
                    client.Dispose();
                }
            }
        }
    }

    /// <summary>Client to device: requests on a kept-alive connection are sequential, so each upgrade starts a read.</summary>
    private async Task PumpRequestsAsync(TcpClient owner, ConnectionFaults connection, Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            await WaitIfFrozenAsync(owner);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.Contains("Upgrade: websocket", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _webSocketUpgrades);
                if (HangWebSocketUpgrades)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                connection.CloseAfterUpgrade = CloseWebSocketsWith;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    /// <summary>Device to client: forwards, or after a 101 sends a close frame and ends the connection.</summary>
    private async Task PumpResponsesAsync(TcpClient owner, ConnectionFaults connection, Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            await WaitIfFrozenAsync(owner);
            if (connection.CloseAfterUpgrade is { } code)
            {
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (text.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) && headEnd >= 0)
                {
                    await to.WriteAsync(buffer.AsMemory(0, headEnd + 4), _stop.Token);
                    byte[] close = [0x88, 0x02, (byte)(code >> 8), (byte)code];
                    await to.WriteAsync(close, _stop.Token);
                    await to.FlushAsync(_stop.Token);

                    // Give the client a moment to read the close before the connection ends.
                    await Task.Delay(50, _stop.Token);
                    return;
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    /// <summary>On a frozen connection, swallow everything from now on and never answer: silence, not a close.</summary>
    private async Task WaitIfFrozenAsync(TcpClient owner)
    {
        if (_frozen && IsFrozen(owner))
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }
    }

    private sealed class ConnectionFaults
    {
        public volatile object? Boxed;

        public int? CloseAfterUpgrade
        {
            get => (int?)Boxed;
            set => Boxed = value;
        }
    }

    private bool IsFrozen(TcpClient owner)
    {
        lock (_open)
        {
            return FrozenConnections.Contains(owner);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }

        _stop.Dispose();
    }
}
