using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Pro;

/// <summary>
/// The NanoKVM-Pro profiles over raw HTTP and WebSocket, each fact as the Pro source has it (docs/pro.md): login
/// variants, the Bearer rule, route presence before auth, no release on close, the empty-frame boundary, paste limits,
/// the http→https redirect and PiKVM mode.
/// </summary>
public sealed class ProEmulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<NanoKvmEmulator> StartAsync(FirmwareProfile profile, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 };
        configure?.Invoke(options);
        return NanoKvmEmulator.StartAsync(options, Ct);
    }

    private static HttpClient Http(NanoKvmEmulator kvm) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = kvm.BaseAddress };

    private static async Task<(JsonElement Root, HttpResponseMessage Response)> LoginAsync(HttpClient http, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password }, Ct);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return (root, response);
    }

    [Fact]
    public async Task Login_From126_TakesThePlaintextPassword_AnswersTokenAndCount_AndSetsNoCookie()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var http = Http(kvm);

        var (root, response) = await LoginAsync(http, "admin");

        Assert.Equal(0, root.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("data").GetProperty("token").GetString()));
        Assert.Equal(0, root.GetProperty("data").GetProperty("count").GetInt32());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_From126_ACubeObfuscatedPassword_IsJustAWrongPassword()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_6);
        using var http = Http(kvm);

        // "admin" under the Cube key (protocol sheet vector A): the Pro compares the whole field with bcrypt.
        var (root, response) = await LoginAsync(http, "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(-2, root.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Login_On124_PlaintextMakesTheDecryptPanic()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_4);
        using var http = Http(kvm);

        using var response = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" }, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Token_IsReadFromBearer_OnlyWhenNoCookieIsPresent()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var http = Http(kvm);
        var (root, _) = await LoginAsync(http, "admin");
        var token = root.GetProperty("data").GetProperty("token").GetString()!;

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/vm/hardware");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var bearerResponse = await http.SendAsync(bearer, Ct);
        using var both = new HttpRequestMessage(HttpMethod.Get, "/api/vm/hardware");
        both.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        both.Headers.Add("Cookie", "nano-kvm-token=stale");
        using var bothResponse = await http.SendAsync(both, Ct);

        Assert.Equal(HttpStatusCode.OK, bearerResponse.StatusCode);
        Assert.Contains("\"Pro\"", await bearerResponse.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, bothResponse.StatusCode);
    }

    [Fact]
    public async Task Cube_IgnoresBearer()
    {
        await using var kvm = await StartAsync(FirmwareProfile.V2_4);
        using var http = Http(kvm);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/vm/hardware");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("pro-1.2.15", "/api/stream/mode", HttpStatusCode.Unauthorized)]
    [InlineData("pro-1.2.15", "/api/vm/screen", HttpStatusCode.NotFound)]
    [InlineData("pro-1.2.15", "/api/download/image", HttpStatusCode.NotFound)]
    [InlineData("pro-1.2.15", "/api/storage/download/image", HttpStatusCode.Unauthorized)]
    [InlineData("2.5.1", "/api/stream/mode", HttpStatusCode.NotFound)]
    [InlineData("2.5.1", "/api/vm/screen", HttpStatusCode.Unauthorized)]
    public async Task RoutePresence_IsVisibleBeforeLogin(string profile, string path, HttpStatusCode expected)
    {
        await using var kvm = await StartAsync(FirmwareProfile.Parse(profile));
        using var http = Http(kvm);

        using var response = await http.PostAsync(path, null, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Info_HasPnAndArch_AndTheUntrimmedPartNumber()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var http = Http(kvm);
        var (root, _) = await LoginAsync(http, "admin");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/vm/info");
        request.Headers.Add("Cookie", "nano-kvm-token=" + root.GetProperty("data").GetProperty("token").GetString());

        using var response = await http.SendAsync(request, Ct);
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data");

        Assert.Equal("1.2.15", data.GetProperty("application").GetString());
        Assert.Equal("NxaL01507\n", data.GetProperty("pn").GetString());
        Assert.Equal("aarch64", data.GetProperty("arch").GetString());
    }

    [Fact]
    public async Task HeldKey_StaysHeld_WhenTheSocketCloses()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var socket = await ConnectAsync(kvm);

        await socket.SendAsync(new byte[] { 1, 0, 0, 0x04, 0, 0, 0, 0, 0 }, WebSocketMessageType.Binary, true, Ct);
        await WaitUntilAsync(() => !kvm.Host.Keyboard.NothingHeld);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Ct);
        await Task.Delay(200, Ct);

        Assert.False(kvm.Host.Keyboard.NothingHeld);
        Assert.Equal(0x04, kvm.Host.Keyboard.Current[2]);
    }

    [Theory]
    [InlineData("pro-1.2.6", true)]
    [InlineData("pro-1.2.15", false)]
    public async Task EmptyFrame_DropsTheSocketUntil1215(string profile, bool drops)
    {
        await using var kvm = await StartAsync(FirmwareProfile.Parse(profile));
        using var socket = await ConnectAsync(kvm);

        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, true, Ct);
        await socket.SendAsync(new byte[] { 1, 0, 0, 0x05, 0, 0, 0, 0, 0 }, WebSocketMessageType.Binary, true, Ct);
        var closed = await ReceiveClosedAsync(socket, TimeSpan.FromSeconds(drops ? 10 : 1));

        Assert.Equal(drops, closed);
        if (!drops)
        {
            await WaitUntilAsync(() => kvm.Host.Keyboard.Current[2] == 0x05);
        }
    }

    [Fact]
    public async Task Paste_RefusesMoreThan1024Bytes_AndIgnoresTheLanguage()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var http = Http(kvm);
        var (root, _) = await LoginAsync(http, "admin");
        var cookie = "nano-kvm-token=" + root.GetProperty("data").GetProperty("token").GetString();

        var tooLong = await PostAsync(http, cookie, "/api/hid/paste", new { content = new string('a', 1025) });
        var german = await PostAsync(http, cookie, "/api/hid/paste", new { content = "y", langue = "de" });

        Assert.Equal(-2, tooLong.GetProperty("code").GetInt32());
        Assert.Equal(0, german.GetProperty("code").GetInt32());
        Assert.Equal("y", kvm.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task PlainHttpPort_Redirects307ToHttps_WithPathAndQuery()
    {
        using var certificate = TestCertificate.Create();
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15, o =>
        {
            o.Certificate = certificate;
            o.ServeHttpRedirect = true;
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync(new Uri(kvm.HttpRedirectAddress!, "/api/vm/info?x=1"), Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location!.Scheme);
        Assert.Equal(kvm.BaseAddress.Port, response.Headers.Location.Port);
        Assert.Equal("/api/vm/info?x=1", response.Headers.Location.PathAndQuery);
    }

    [Fact]
    public async Task PiKvmMode_AnswersKvmdStyle401()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15, o => o.PiKvmMode = true);
        using var http = Http(kvm);

        using var response = await http.GetAsync("/api/auth/check", Ct);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(root.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task OpeningMjpeg_ClaimsTheEncoder_AndABrowserH264TakesItBack()
    {
        await using var kvm = await StartAsync(FirmwareProfile.Pro_1_2_15);
        using var http = Http(kvm);
        var (root, _) = await LoginAsync(http, "admin");
        Assert.Equal("h264-webrtc", kvm.Encoder.StreamType);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stream/mjpeg");
        request.Headers.Add("Cookie", "nano-kvm-token=" + root.GetProperty("data").GetProperty("token").GetString());
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        await WaitUntilAsync(() => kvm.Encoder.IsMjpeg);
        kvm.Encoder.SimulateBrowserH264();

        Assert.Equal("h264-webrtc", kvm.Encoder.StreamType);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string cookie, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, Ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    private static async Task<ClientWebSocket> ConnectAsync(NanoKvmEmulator kvm)
    {
        using var http = Http(kvm);
        var (root, _) = await LoginAsync(http, kvm.Profile.LoginPassword == LoginPasswordScheme.Plaintext ? "admin" : throw new InvalidOperationException());
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "nano-kvm-token=" + root.GetProperty("data").GetProperty("token").GetString());
        await socket.ConnectAsync(new UriBuilder(kvm.BaseAddress) { Scheme = "ws", Path = "/api/ws" }.Uri, Ct);
        return socket;
    }

    private static async Task<bool> ReceiveClosedAsync(ClientWebSocket socket, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(limit);
        try
        {
            var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
            return result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, "condition not met in time");
            await Task.Delay(10, Ct);
        }
    }
}
