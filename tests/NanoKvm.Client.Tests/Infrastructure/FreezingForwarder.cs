using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoKvm.Client.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a device that can freeze the connections carrying the MJPEG stream:
/// their packets stop in both directions with no FIN and no RST, as on a dropped Wi-Fi link or a sleeping NAT.
/// Other connections (REST) keep flowing, so the device itself stays reachable.
/// </summary>
public sealed class FreezingForwarder : IAsyncDisposable
{
    private static readonly byte[] StreamRequest = Encoding.ASCII.GetBytes("GET /api/stream/mjpeg ");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private int _streamConnections;
    private int _freezeEpoch;

    public FreezingForwarder(Uri target)
    {
        _target = target;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Connections that carried a <c>GET /api/stream/mjpeg</c>.</summary>
    public int StreamConnections => Volatile.Read(ref _streamConnections);

    /// <summary>Freezes every stream connection open now.</summary>
    public void FreezeOpenStreams() => Interlocked.Increment(ref _freezeEpoch);

    /// <summary>When set, stream connections opened from now on freeze as soon as their request is seen.</summary>
    public bool FreezeNewStreams { get; set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(upstream);
                }

                var connection = new Connection();
                _ = PumpAsync(client.GetStream(), upstream.GetStream(), connection, inspect: true);
                _ = PumpAsync(upstream.GetStream(), client.GetStream(), connection, inspect: false);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Connection connection, bool inspect)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (inspect && !connection.IsStream && buffer.AsSpan(0, read).IndexOf(StreamRequest) >= 0)
                {
                    connection.IsStream = true;
                    connection.Epoch = Volatile.Read(ref _freezeEpoch);
                    Interlocked.Increment(ref _streamConnections);
                    connection.Frozen = FreezeNewStreams;
                }

                if (connection.IsStream && (connection.Frozen || connection.Epoch != Volatile.Read(ref _freezeEpoch)))
                {
                    connection.Frozen = true;

                    // Frozen: hold the connection open and let nothing through, in either direction.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception)
        {
            // The peer went away or the forwarder stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private sealed class Connection
    {
        public bool IsStream { get; set; }

        public bool Frozen { get; set; }

        public int Epoch { get; set; }
    }
}
