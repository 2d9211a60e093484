using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Api;

/// <summary>The emulator's auth routes reproduce the device's replies byte for byte where clients trip over them.</summary>
public sealed class AuthRouteTests
{
    // "admin" encrypted with salt 0102030405060708 (protocol sheet vector A).
    private const string AdminField = "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D";

    private static Task<NanoKvmEmulator> StartAsync(FirmwareProfile profile) => NanoKvmEmulator.StartAsync(
        new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0 },
        TestContext.Current.CancellationToken);

    [Fact]
    public async Task MissingCookie_Is401WithABareString()
    {
        await using var kvm = await StartAsync(FirmwareProfile.V2_5_0);
        using var http = new HttpClient { BaseAddress = kvm.BaseAddress };

        using var response = await http.GetAsync("/api/vm/info", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("\"unauthorized\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("2.5.0", true)]
    [InlineData("2.5.1", false)]
    public async Task Login_ReturnsTheTokenInTheBodyOrOnlyAsCookie(string profile, bool tokenInBody)
    {
        await using var kvm = await StartAsync(FirmwareProfile.Parse(profile));
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = kvm.BaseAddress };

        using var response = await http.PostAsJsonAsync(
            "/api/auth/login", new { username = "admin", password = AdminField }, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, body.RootElement.GetProperty("code").GetInt32());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(tokenInBody, data.ValueKind == JsonValueKind.Object && data.TryGetProperty("token", out _));
        Assert.Equal(!tokenInBody, response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("nano-kvm-token=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task MalformedCiphertext_Is500WithEmptyBody()
    {
        await using var kvm = await StartAsync(FirmwareProfile.V2_5_1);
        using var http = new HttpClient { BaseAddress = kvm.BaseAddress };

        using var response = await http.PostAsJsonAsync(
            "/api/auth/login", new { username = "admin", password = "not-salted" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnescapedPlusInTheField_BreaksDecryption_AsOnTheDevice()
    {
        await using var kvm = await StartAsync(FirmwareProfile.V2_5_1);
        using var http = new HttpClient { BaseAddress = kvm.BaseAddress };

        // Vector B with its base64 sent raw: the server's un-escaping turns '+' into a space.
        using var response = await http.PostAsJsonAsync(
            "/api/auth/login",
            new { username = "admin", password = "U2FsdGVkX1+hssPU5fYHGIRIW+ls/gREkXfSjEj5rDM=" },
            TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_IsGinsPlain404()
    {
        await using var kvm = await StartAsync(FirmwareProfile.V2_5_1);
        using var http = new HttpClient { BaseAddress = kvm.BaseAddress };

        using var response = await http.GetAsync("/api/vm/gpio/led", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404 page not found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
