using System.Net.Http.Json;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Api;

/// <summary>A plain HttpClient logged in to an emulator, for checking the device's replies byte by byte.</summary>
internal sealed class RawSession : IAsyncDisposable
{
    // "admin" encrypted with salt 0102030405060708 (protocol sheet vector A). Extra accounts in these tests use the
    // same password so one field logs in as any of them.
    private const string AdminField = "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D";

    private RawSession(NanoKvmEmulator emulator, HttpClient http)
    {
        Emulator = emulator;
        Http = http;
    }

    public NanoKvmEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<RawSession> StartAsync(
        FirmwareProfile profile, Action<EmulatorOptions>? configure = null, string username = "admin")
    {
        var options = new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 };
        configure?.Invoke(options);
        var emulator = await NanoKvmEmulator.StartAsync(options, TestContext.Current.CancellationToken);
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = emulator.BaseAddress };
        using var login = await http.PostAsJsonAsync(
            "/api/auth/login", new { username, password = AdminField }, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var data = body.RootElement.GetProperty("data");
        var token = data.ValueKind == JsonValueKind.Object
            ? data.GetProperty("token").GetString()
            : login.Headers.GetValues("Set-Cookie").First().Split(';')[0].Split('=', 2)[1];
        http.DefaultRequestHeaders.Add("Cookie", "nano-kvm-token=" + token);
        return new RawSession(emulator, http);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
