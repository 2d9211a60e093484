using System.Net.Http.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>An emulator plus a raw HttpClient that is logged in (cookie header set), for wire-level checks.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    // "admin" encrypted with salt 0102030405060708 (protocol sheet vector A).
    private const string AdminField = "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D";

    private EmulatorSession(NanoKvmEmulator emulator, HttpClient http)
    {
        Emulator = emulator;
        Http = http;
    }

    public NanoKvmEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<EmulatorSession> StartAsync(FirmwareProfile profile)
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = await NanoKvmEmulator.StartAsync(
            new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 }, ct);
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = true }) { BaseAddress = emulator.BaseAddress };
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = AdminField }, ct);
        using var body = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync(ct));
        if (body.RootElement.GetProperty("data") is { ValueKind: System.Text.Json.JsonValueKind.Object } data
            && data.TryGetProperty("token", out var token))
        {
            http.DefaultRequestHeaders.Add("Cookie", "nano-kvm-token=" + token.GetString());
        }

        return new EmulatorSession(emulator, http);
    }

    public async Task<System.Text.Json.JsonElement> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
