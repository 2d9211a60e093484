using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Benchmarks.Hid;

/// <summary>
/// The baseline: how the Python peers drive <c>/api/ws</c>. Every report becomes a new message object (a JSON string
/// for the legacy protocol, a new byte array for the binary one) handed to one awaited <c>SendAsync</c>; no queue,
/// no reuse, no pipeline, inbound messages never read.
/// </summary>
public sealed class NaiveHidClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly bool _json;

    private NaiveHidClient(ClientWebSocket socket, bool json)
    {
        _socket = socket;
        _json = json;
    }

    /// <summary>Connects to <c>/api/ws</c> with a session cookie obtained by a login.</summary>
    /// <param name="baseAddress">The device's HTTP address.</param>
    /// <param name="cookieHeader">The <c>Cookie</c> header value carrying the session token.</param>
    /// <param name="json">Send legacy JSON arrays (firmware before 2.3.2) instead of binary reports.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    public static async Task<NaiveHidClient> ConnectAsync(Uri baseAddress, string cookieHeader, bool json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader("Cookie", cookieHeader);
            var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/api/ws" }.Uri;
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return new NaiveHidClient(socket, json);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one relative mouse report as its own new message.</summary>
    public Task SendRelativeAsync(int dx, int dy, CancellationToken cancellationToken = default)
    {
        if (_json)
        {
            // json.dumps([2, 3, 0, dx, dy]).encode()
            var text = JsonSerializer.Serialize(new[] { 2, 3, 0, dx, dy });
            return _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }

        var message = new byte[] { 0x02, 0x00, (byte)(sbyte)dx, (byte)(sbyte)dy, 0x00 };
        return _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
