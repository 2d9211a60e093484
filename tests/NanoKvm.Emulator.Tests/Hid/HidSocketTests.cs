using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Hid;

namespace NanoKvm.Emulator.Tests.Hid;

/// <summary>The emulated <c>/api/ws</c> and <c>/api/hid/*</c> behave per firmware profile as the protocol sheet says.</summary>
public sealed class HidSocketTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Binary_ReportsReachTheGadgetsVerbatim_AndOtherFramesAreIgnored()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_4);
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await ws.SendBinaryAsync();
        await ws.SendTextAsync("[1,4,0,2,0,0]");
        await ws.SendBinaryAsync(0x01, 0x02, 0x00, 0x04);
        await ws.SendBinaryAsync(0x00);
        await ws.SendBinaryAsync(0x01, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0);
        await ws.SendBinaryAsync(0x02, 0x00, 0xFF, 0x3F, 0xFF, 0x3F, 0x00);
        await ws.SendBinaryAsync(0x02, 0x01, 0x00, 0x00, 0x00);

        await WaitUntilAsync(() => kvm.Host.Mouse.RelativeReports.Count == 1);
        Assert.Equal(["0200040000000000"], kvm.Host.Keyboard.Reports.Select(Convert.ToHexString));
        Assert.Equal(["00FF3FFF3F00"], kvm.Host.Mouse.AbsoluteReports.Select(Convert.ToHexString));
        Assert.Equal(["01000000"], kvm.Host.Mouse.RelativeReports.Select(Convert.ToHexString));
        Assert.Equal("A", kvm.Host.Keyboard.Transcript);
        Assert.Equal(1, HidDevice.Of(kvm).Heartbeats);
    }

    [Fact]
    public async Task Binary_SwitchingPointersWithButtonsHeld_ReleasesTheOtherPointer()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_0);
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await ws.SendBinaryAsync(0x02, 0x01, 0x00, 0x00, 0x00);
        await ws.SendBinaryAsync(0x02, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00);

        await WaitUntilAsync(() => kvm.Host.Mouse.AbsoluteReports.Count == 1);
        Assert.Equal(["01000000", "00000000"], kvm.Host.Mouse.RelativeReports.Select(Convert.ToHexString));
        Assert.Equal(0, kvm.Host.Mouse.Buttons);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.1")]
    public async Task Legacy_FullArraysWork_AndBinaryIsIgnored(string profile)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await ws.SendBinaryAsync(0x01, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0);
        await ws.SendTextAsync("[1,4,0,2,0,0]");
        await ws.SendTextAsync("[1,0,0,0,0,0]");
        await ws.SendTextAsync("[2,2,0,16383,32767]");
        await ws.SendTextAsync("[2,1,2,0,0]");
        await ws.SendTextAsync("[2,0,0,0,0]");
        await ws.SendTextAsync("[2,3,0,-5,300]");
        await ws.SendTextAsync("[2,4,0,0,7]");
        await ws.SendTextAsync("not json");

        await WaitUntilAsync(() => kvm.Host.Mouse.RelativeReports.Count == 4);
        Assert.Equal(["0200040000000000", "0000000000000000"], kvm.Host.Keyboard.Reports.Select(Convert.ToHexString));
        Assert.Equal(["00FF3FFF7F00"], kvm.Host.Mouse.AbsoluteReports.Select(Convert.ToHexString));
        // A positive wheel y scrolls down (−1) up to 2.3.0 and up (+1) from 2.3.1 (mouse.go mouseScroll, commit 2d575b9).
        var wheel = kvm.Profile.LegacyWheelPositiveIsDown ? "000000FF" : "00000001";
        Assert.Equal(["02000000", "00000000", "00FB2C00", wheel], kvm.Host.Mouse.RelativeReports.Select(Convert.ToHexString));
        // Legacy firmware pushes nothing.
        Assert.Equal(HidSocket.NoMessage, await ws.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData("[1,4,0,2]")]
    [InlineData("[2,1,1]")]
    [InlineData("[]")]
    public async Task Legacy_ShortArray_KillsTheConnection(string message)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_3_1);
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await ws.SendTextAsync(message);

        Assert.Null(await ws.ReceiveAsync());
        await WaitUntilAsync(() => HidDevice.Of(kvm).OpenConnections == 0);
        Assert.Empty(kvm.Host.Keyboard.Reports);
    }

    [Theory]
    [InlineData("2.5.1", "http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("2.5.1", null, HttpStatusCode.SwitchingProtocols)]
    [InlineData("2.5.1", "self", HttpStatusCode.SwitchingProtocols)]
    [InlineData("2.5.0", "http://evil.example", HttpStatusCode.SwitchingProtocols)]
    public async Task Origin_IsCheckedOnMultiUserFirmwareOnly(string profile, string? origin, HttpStatusCode expected)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        var header = origin == "self" ? kvm.BaseAddress.GetLeftPart(UriPartial.Authority) : origin;

        await using var ws = await HidSocket.ConnectAsync(kvm, header);

        Assert.Equal(expected, ws.UpgradeStatus);
    }

    [Fact]
    public async Task Revocation_On251_ClosesWith4401()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_1);
        await using var ws = await HidSocket.ConnectAsync(kvm);
        Assert.NotNull(await ws.ReceiveAsync());

        kvm.Auth.RevokeSessions();

        Assert.Null(await ws.ReceiveAsync());
        Assert.Equal(4401, (int?)ws.Socket.CloseStatus);
        Assert.Equal("session expired or revoked", ws.Socket.CloseStatusDescription);
    }

    [Theory]
    [InlineData("2.5.0")]
    [InlineData("2.4.x")]
    public async Task Restart_OnOlderFirmware_DropsWithoutCloseCode(string profile)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        await using var ws = await HidSocket.ConnectAsync(kvm);

        kvm.Restart();

        string? message;
        do
        {
            message = await ws.ReceiveAsync();
        }
        while (message is not null);

        Assert.Null(ws.Socket.CloseStatus);
    }

    [Fact]
    public async Task ReadDeadline_On250_ClosesASilentSocket_AnyMessageRefreshesIt()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_0, o => o.HidReadDeadline = TimeSpan.FromMilliseconds(800));
        await using var ws = await HidSocket.ConnectAsync(kvm);
        Assert.Contains("hid-led-status", await ws.ReceiveAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(150, Ct);
            await ws.SendBinaryAsync(0x00);
        }

        Assert.Equal(1, HidDevice.Of(kvm).OpenConnections);
        Assert.Null(await ws.ReceiveAsync());
        await WaitUntilAsync(() => HidDevice.Of(kvm).OpenConnections == 0);
    }

    [Fact]
    public async Task NoDeadline_Before250()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_4, o => o.HidReadDeadline = TimeSpan.FromMilliseconds(100));
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await Task.Delay(400, Ct);
        await ws.SendBinaryAsync(0x01, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0);

        await WaitUntilAsync(() => kvm.Host.Keyboard.Transcript == "b");
        Assert.Equal(1, HidDevice.Of(kvm).OpenConnections);
    }

    [Fact]
    public async Task Pushes_AreDoubleEncoded_LedOnConnectAndOnChange()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_0);
        await using var ws = await HidSocket.ConnectAsync(kvm);

        var first = JsonDocument.Parse((await ws.ReceiveAsync())!).RootElement;
        Assert.Equal("hid-led-status", first.GetProperty("type").GetString());
        var data = JsonDocument.Parse(first.GetProperty("data").GetString()!).RootElement;
        Assert.False(data.GetProperty("known").GetBoolean());

        await ws.SendBinaryAsync(0x01, 0x00, 0x00, 0x39, 0, 0, 0, 0, 0);

        var change = JsonDocument.Parse((await ws.ReceiveAsync())!).RootElement;
        var changed = JsonDocument.Parse(change.GetProperty("data").GetString()!).RootElement;
        Assert.True(changed.GetProperty("known").GetBoolean());
        Assert.True(changed.GetProperty("capsLock").GetBoolean());
    }

    [Theory]
    [InlineData("2.3.1", false)]
    [InlineData("2.4.x", true)]
    public async Task CaptureStatus_IsPushedFrom242(string profile, bool pushed)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        HidDevice.Of(kvm).PublishCaptureStatus("mjpeg", true, 0, "ok");
        await using var ws = await HidSocket.ConnectAsync(kvm);

        var message = await ws.ReceiveAsync(TimeSpan.FromMilliseconds(pushed ? 15_000 : 300));

        Assert.Equal(pushed, message?.Contains("capture-status", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("2.3.1", false)]
    [InlineData("2.4.x", true)]
    public async Task Close_ReleasesHeldKeysFrom241(string profile, bool released)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        var ws = await HidSocket.ConnectAsync(kvm);
        if (kvm.Profile.BinaryHid)
        {
            await ws.SendBinaryAsync(0x01, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0);
        }
        else
        {
            await ws.SendTextAsync("[1,4,0,2,0,0]");
        }

        await WaitUntilAsync(() => !kvm.Host.Keyboard.NothingHeld);
        await ws.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", Ct);
        await WaitUntilAsync(() => HidDevice.Of(kvm).OpenConnections == 0);
        await ws.DisposeAsync();

        Assert.Equal(released, kvm.Host.Keyboard.NothingHeld);
    }

    [Theory]
    [InlineData("2.4.x", 1025, -2)]
    [InlineData("2.5.0", 834, -2)]
    [InlineData("2.5.0", 0, -1)]
    public async Task Paste_RejectsTooLongOrMissingContent(string profile, int length, int code)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        using var http = await HttpAsync(kvm);

        using var response = await http.PostAsJsonAsync("/api/hid/paste", new { content = new string('a', length), langue = "" }, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
        Assert.Empty(kvm.Host.Keyboard.Reports);
    }

    [Fact]
    public async Task Paste_UsesTheDevicesMap_KeyDownThenKeyUpPerCharacter()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_0, o => o.HostKeyboardLayout = "fr");
        using var http = await HttpAsync(kvm);

        using var response = await http.PostAsJsonAsync("/api/hid/paste", new { content = "a1€x", langue = "fr" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a1€x", kvm.Host.Keyboard.Transcript);
        Assert.Equal(
            ["0000140000000000", "0000000000000000", "02001E0000000000", "0000000000000000", "4000080000000000", "0000000000000000",
             "00001B0000000000", "0000000000000000", "0000000000000000"],
            kvm.Host.Keyboard.Reports.Select(Convert.ToHexString));
    }

    [Theory]
    [InlineData("2.4.x", HttpStatusCode.NotFound)]
    [InlineData("2.5.0", HttpStatusCode.OK)]
    public async Task Leds_Endpoint_ExistsFrom250(string profile, HttpStatusCode expected)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        using var http = await HttpAsync(kvm);

        using var response = await http.GetAsync("/api/hid/leds", Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(string.Empty, body.RootElement.GetProperty("data").GetProperty("updatedAt").GetString());
        }
    }

    [Fact]
    public async Task Reset_ReleasesEverything()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_3_1);
        await using var ws = await HidSocket.ConnectAsync(kvm);
        await ws.SendTextAsync("[1,4,0,2,0,0]");
        await ws.SendTextAsync("[2,1,1,0,0]");
        await WaitUntilAsync(() => !kvm.Host.Keyboard.NothingHeld && kvm.Host.Mouse.Buttons == 1);
        using var http = await HttpAsync(kvm);

        using var response = await http.PostAsync("/api/hid/reset", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(kvm.Host.Keyboard.NothingHeld);
        Assert.Equal(0, kvm.Host.Mouse.Buttons);
    }

    [Fact]
    public async Task SinkMode_ParsesButDoesNotDeliver()
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.V2_5_1, o => o.HidSinkMode = true);
        await using var ws = await HidSocket.ConnectAsync(kvm);

        for (var i = 0; i < 50; i++)
        {
            await ws.SendBinaryAsync(0x01, 0x00, 0x00, 0x04, 0, 0, 0, 0, 0);
        }

        await WaitUntilAsync(() => HidDevice.Of(kvm).SunkMessages == 50);
        Assert.Empty(kvm.Host.Keyboard.Reports);
    }

    private static async Task<HttpClient> HttpAsync(NanoKvmEmulator kvm)
    {
        var token = await HidSocket.LoginAsync(kvm);
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = kvm.BaseAddress };
        http.DefaultRequestHeaders.Add("Cookie", "nano-kvm-token=" + token);
        return http;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var limit = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, "Timed out waiting for the emulator.");
            await Task.Delay(10, Ct);
        }
    }
}
