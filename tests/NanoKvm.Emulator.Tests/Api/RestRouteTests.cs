using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Emulator.Tests.Api;

/// <summary>The GPIO, storage, download, Wake-on-LAN and HID-mode routes answer exactly as the firmware does.</summary>
public sealed class RestRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gpio_DefaultsTo800ms_AndReportsLedsAsPwrAndHdd()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_4);

        var press = await s.PostAsync("/api/vm/gpio", new { type = "power" });
        var leds = await s.GetAsync("/api/vm/gpio");

        Assert.Equal(0, press.GetProperty("code").GetInt32());
        Assert.Equal(TimeSpan.FromMilliseconds(800), Assert.Single(s.Emulator.Host.Power.Presses).Duration);
        Assert.True(leds.GetProperty("data").GetProperty("pwr").GetBoolean());
        Assert.False(leds.GetProperty("data").GetProperty("hdd").GetBoolean());
    }

    [Fact]
    public async Task Gpio_UnknownTypeIsMinus2_BadArgumentsMinus1()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1);

        var unknown = await s.PostAsync("/api/vm/gpio", new { type = "sleep", duration = 100 });
        var bad = await s.PostAsync("/api/vm/gpio", new { type = "power", duration = "long" });

        Assert.Equal(-2, unknown.GetProperty("code").GetInt32());
        Assert.Equal(-1, bad.GetProperty("code").GetInt32());
        Assert.Empty(s.Emulator.Host.Power.Presses);
    }

    [Fact]
    public async Task Gpio_LedPathSomeClientsUse_DoesNotExist()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1);

        using var response = await s.Http.GetAsync("/api/vm/gpio/led", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ImageList_IsNull_WhenDataHasNoImages()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1, o => o.Images.Clear());

        var reply = await s.GetAsync("/api/storage/image");

        Assert.Equal(JsonValueKind.Null, reply.GetProperty("data").GetProperty("files").ValueKind);
    }

    [Fact]
    public async Task Mount_OfAMissingFile_IsMinus2()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1);

        var reply = await s.PostAsync("/api/storage/image/mount", new { file = "/data/missing.iso", cdrom = true });

        Assert.Equal(-2, reply.GetProperty("code").GetInt32());
        Assert.Null(s.Emulator.Storage.MountedImage);
    }

    [Fact]
    public async Task DiskMount_LeavesTheCdRomFlagsAlone()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1);

        await s.PostAsync("/api/storage/image/mount", new { file = "/data/ubuntu-24.04-live-server-amd64.iso", cdrom = true });
        await s.PostAsync("/api/storage/image/mount", new { file = "/data/memtest86-usb.img", cdrom = false });
        var cdrom = await s.GetAsync("/api/storage/cdrom");
        var mounted = await s.GetAsync("/api/storage/image/mounted");

        Assert.Equal(1, cdrom.GetProperty("data").GetProperty("cdrom").GetInt32());
        Assert.Equal("/data/memtest86-usb.img", mounted.GetProperty("data").GetProperty("file").GetString());

        await s.PostAsync("/api/storage/image/mount", new { file = string.Empty, cdrom = false });
        Assert.Equal(0, (await s.GetAsync("/api/storage/cdrom")).GetProperty("data").GetProperty("cdrom").GetInt32());
        Assert.Equal(string.Empty, (await s.GetAsync("/api/storage/image/mounted")).GetProperty("data").GetProperty("file").GetString());
    }

    [Theory]
    [InlineData("/etc/shadow.iso", -2)]
    [InlineData("/data/readme.txt", -2)]
    [InlineData("/data/absent.iso", -3)]
    [InlineData("/data/memtest86-usb.img", 0)]
    public async Task Delete_FollowsTheFirmwaresRules(string file, int code)
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_3_1);

        var reply = await s.PostAsync("/api/storage/image/delete", new { file });

        Assert.Equal(code, reply.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Delete_DoesNotExistBefore230()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_2);

        using var response = await s.Http.PostAsJsonAsync("/api/storage/image/delete", new { file = "/data/memtest86-usb.img" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("2.4.x", "idle")]
    [InlineData("2.5.0", "success")]
    public async Task DownloadStatus_EndsIdleBefore250_AndStickyWithTheOutcomeAfter(string profile, string final)
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.Parse(profile), o => o.DownloadDuration = TimeSpan.FromSeconds(2));

        var start = await s.PostAsync("/api/download/image", new { file = "http://example.test/path/new.iso" });
        Assert.Equal("in_progress", start.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("http://example.test/path/new.iso", start.GetProperty("data").GetProperty("file").GetString());

        JsonElement status;
        do
        {
            await Task.Delay(5, Ct);
            status = (await s.GetAsync("/api/download/image/status")).GetProperty("data");
        }
        while (status.GetProperty("status").GetString() == "in_progress");

        Assert.Equal(final, status.GetProperty("status").GetString());
        Assert.Equal(string.Empty, status.GetProperty("percentage").GetString());
        Assert.Contains("/data/new.iso", s.Emulator.Storage.Images.Keys);
    }

    [Fact]
    public async Task Download_OneAtATime_AndCancelNeedsARunningTransfer()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1, o => o.DownloadDuration = TimeSpan.FromHours(1));

        var nothing = await s.PostAsync("/api/download/image/cancel", new { });
        await s.PostAsync("/api/download/image", new { file = "https://example.test/a.iso" });
        var second = await s.PostAsync("/api/download/image", new { file = "https://example.test/b.iso" });
        var cancel = await s.PostAsync("/api/download/image/cancel", new { });
        var status = await s.GetAsync("/api/download/image/status");

        Assert.Equal(-1, nothing.GetProperty("code").GetInt32());
        Assert.Equal("download in progress", second.GetProperty("msg").GetString());
        Assert.Equal(0, cancel.GetProperty("code").GetInt32());
        Assert.Equal("idle", status.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Restart_EndsARunningDownload_ButKeepsTheMount()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1, o => o.DownloadDuration = TimeSpan.FromHours(1));
        await s.PostAsync("/api/storage/image/mount", new { file = "/data/memtest86-usb.img", cdrom = true });
        await s.PostAsync("/api/download/image", new { file = "https://example.test/a.iso" });
        Assert.Equal("in_progress", s.Emulator.Storage.Download.Status);

        s.Emulator.Restart();
        while (s.Emulator.Storage.Download.Status == "in_progress")
        {
            await Task.Delay(5, Ct);
        }

        Assert.Equal(new DownloadReading("idle", string.Empty, string.Empty), s.Emulator.Storage.Download);
        Assert.DoesNotContain("/data/a.iso", s.Emulator.Storage.Images.Keys);
        Assert.Equal("/data/memtest86-usb.img", s.Emulator.Storage.MountedImage);
        Assert.True(s.Emulator.Storage.CdRom);
    }

    [Theory]
    [InlineData("ftp://example.test/a.iso", null, "invalid url")]
    [InlineData("https://example.test/a.iso", "xyz", "invalid sha256sum")]
    public async Task Download_ValidatesUrlAndSum(string file, string? sha256sum, string message)
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_0);

        var reply = await s.PostAsync("/api/download/image", new { file, sha256sum });

        Assert.Equal(-1, reply.GetProperty("code").GetInt32());
        Assert.Equal(message, reply.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task FailedDownload_ReportsFailed_On250()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_0);
        s.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.Failure;

        await s.PostAsync("/api/download/image", new { file = "https://example.test/a.iso" });
        string? state;
        do
        {
            await Task.Delay(5, Ct);
            state = (await s.GetAsync("/api/download/image/status")).GetProperty("data").GetProperty("status").GetString();
        }
        while (state == "in_progress");

        Assert.Equal("failed", state);
        Assert.DoesNotContain("/data/a.iso", s.Emulator.Storage.Images.Keys);
    }

    [Theory]
    [InlineData("2.5.0", HttpStatusCode.OK)]
    [InlineData("2.5.1", HttpStatusCode.Forbidden)]
    public async Task Storage_IsAdminOnly_OnlyOnMultiUserFirmware(string profile, HttpStatusCode expected)
    {
        await using var s = await RawSession.StartAsync(
            FirmwareProfile.Parse(profile),
            o => o.ExtraAccounts.Add(new EmulatedAccount("viewer", "admin", IsAdmin: false)),
            username: "viewer");

        using var list = await s.Http.GetAsync("/api/storage/image", Ct);
        using var gpio = await s.Http.GetAsync("/api/vm/gpio", Ct);

        Assert.Equal(expected, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, gpio.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("\"forbidden\"", await list.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task WakeOnLan_ValidatesLikeTheFirmware_AndRemembersMacs()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_4);

        var ok = await s.PostAsync("/api/network/wol", new { mac = "aa-bb-cc-dd-ee-ff" });
        var invalid = await s.PostAsync("/api/network/wol", new { mac = "aa-bb-cc" });
        var missing = await s.PostAsync("/api/network/wol", new { });
        var macs = await s.GetAsync("/api/network/wol/mac");

        Assert.Equal(0, ok.GetProperty("code").GetInt32());
        Assert.Equal(-2, invalid.GetProperty("code").GetInt32());
        Assert.Equal(-1, missing.GetProperty("code").GetInt32());
        Assert.Equal(["AA:BB:CC:DD:EE:FF"], macs.GetProperty("data").GetProperty("macs").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task SettingHidMode_RebootsTheDevice_SoTheOldSessionIsRefused()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_0);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s.Emulator.Restarted += () => restarted.TrySetResult();

        var reply = await s.PostAsync("/api/hid/mode", new { mode = "hid-only" });
        await restarted.Task.WaitAsync(Ct);
        using var after = await s.Http.GetAsync("/api/hid/mode", Ct);

        Assert.Equal(0, reply.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("hid-only", s.Emulator.Storage.HidMode);
    }

    [Fact]
    public async Task ShortPress_OnARunningHost_StartsAShutdown_LongPressForcesOff()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_5_1, o =>
        {
            o.HostPoweredOn = true;
            o.HostShutdownDelay = TimeSpan.FromHours(1);
        });

        await s.PostAsync("/api/vm/gpio", new { type = "power", duration = 300 });
        Assert.True(s.Emulator.Host.Power.IsOn);

        await s.PostAsync("/api/vm/gpio", new { type = "power", duration = 5000 });
        Assert.False(s.Emulator.Host.Power.IsOn);
        Assert.Equal([AtxButton.Power, AtxButton.Power], s.Emulator.Host.Power.Presses.Select(p => p.Button));
    }
}
