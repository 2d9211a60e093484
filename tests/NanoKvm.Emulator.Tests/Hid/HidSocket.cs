using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Hid;

/// <summary>A raw <c>/api/ws</c> client for emulator tests: logs in over HTTP and speaks frames by hand.</summary>
internal sealed class HidSocket : IAsyncDisposable
{
    // "admin" encrypted with salt 0102030405060708 (protocol sheet vector A).
    private const string AdminField = "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D";

    private HidSocket(ClientWebSocket socket)
    {
        Socket = socket;
    }

    /// <summary>What <see cref="ReceiveAsync"/> returns when nothing arrived in time.</summary>
    public const string NoMessage = "";

    public ClientWebSocket Socket { get; }

    public static Task<NanoKvmEmulator> StartAsync(FirmwareProfile profile, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 };
        configure?.Invoke(options);
        return NanoKvmEmulator.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public static async Task<string> LoginAsync(NanoKvmEmulator kvm)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = kvm.BaseAddress };
        using var response = await http.PostAsJsonAsync(
            "/api/auth/login", new { username = "admin", password = AdminField }, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (body.RootElement.GetProperty("data") is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("token", out var token))
        {
            return token.GetString()!;
        }

        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("nano-kvm-token=", StringComparison.Ordinal));
        return cookie["nano-kvm-token=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    public static async Task<HidSocket> ConnectAsync(NanoKvmEmulator kvm, string? origin = null)
    {
        var token = await LoginAsync(kvm);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "nano-kvm-token=" + token);
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new UriBuilder(kvm.BaseAddress) { Scheme = "ws", Path = "/api/ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        }
        catch (WebSocketException)
        {
            return new HidSocket(socket);
        }

        return new HidSocket(socket);
    }

    public HttpStatusCode UpgradeStatus => (HttpStatusCode)Socket.HttpStatusCode;

    public Task SendBinaryAsync(params byte[] frame) =>
        Socket.SendAsync(frame, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>Receives the next message: its text, null when the socket closed (or dropped), <see cref="NoMessage"/> on timeout.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? limit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit ?? TimeSpan.FromSeconds(15));
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.ToArray());
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return NoMessage;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        await Task.CompletedTask;
    }
}
