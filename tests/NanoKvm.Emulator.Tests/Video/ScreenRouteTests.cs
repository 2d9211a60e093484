using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary><c>/api/vm/screen</c>, <c>/api/vm/hdmi</c> and frame-detection routes answer like the firmware.</summary>
public sealed class ScreenRouteTests
{
    [Theory]
    [InlineData("{\"value\":720}", -1)]
    [InlineData("{\"type\":\"resolution\",\"value\":\"720\"}", -1)]
    [InlineData("{\"type\":\"brightness\",\"value\":3}", -2)]
    [InlineData("{\"type\":\"resolution\",\"value\":1440}", 0)]
    [InlineData("{\"type\":\"fps\",\"value\":120}", 0)]
    public async Task ScreenSetting_Codes(string body, int code)
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_4);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await session.Http.PostAsync("/api/vm/screen", content, TestContext.Current.CancellationToken);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(code, json.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ScreenSettings_FollowTheFirmwaresRules()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var settings = session.Emulator.Host.Screen.Settings;

        await session.PostAsync("/api/vm/screen", new { type = "resolution", value = 1440 });
        await session.PostAsync("/api/vm/screen", new { type = "fps", value = 120 });
        await session.PostAsync("/api/vm/screen", new { type = "gop", value = 500 });
        await session.PostAsync("/api/vm/screen", new { type = "quality", value = 2000 });
        await session.PostAsync("/api/vm/screen", new { type = "quality", value = 37 });

        Assert.Equal((0, 60, 30, 2000, 37), (settings.Height, settings.Fps, settings.Gop, settings.Bitrate, settings.Quality));
    }

    [Fact]
    public async Task Restart_ResetsSettingsAndFrameDetection()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var screen = session.Emulator.Host.Screen;
        await session.PostAsync("/api/vm/screen", new { type = "resolution", value = 480 });
        await session.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        var detectionBefore = screen.FrameDetection;

        session.Emulator.Restart();

        Assert.False(detectionBefore);
        Assert.True(screen.FrameDetection);
        Assert.Equal((0, 80, 30), (screen.Settings.Height, screen.Settings.Quality, screen.Settings.Fps));
    }

    [Theory]
    [InlineData("2.2.x", "{\"enabled\":true}")]
    [InlineData("2.5.0", "{\"enabled\":true,\"idleTimeout\":0}")]
    [InlineData("2.5.1", "{\"enabled\":true,\"signal\":true,\"idleTimeout\":0}")]
    public async Task HdmiState_HasTheProfilesFields(string profile, string data)
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.Parse(profile));

        var text = await session.Http.GetStringAsync("/api/vm/hdmi", TestContext.Current.CancellationToken);

        Assert.Contains("\"data\":" + data, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HdmiTimeout_ExistsFrom250_AndValidatesMinutes()
    {
        await using var modern = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_0);
        await using var older = await EmulatorSession.StartAsync(FirmwareProfile.V2_4);

        var bad = await modern.PostAsync("/api/vm/hdmi/timeout", new { minutes = 20000 });
        var good = await modern.PostAsync("/api/vm/hdmi/timeout", new { minutes = 5 });
        using var missing = await older.Http.PostAsync("/api/vm/hdmi/timeout", null, TestContext.Current.CancellationToken);

        Assert.Equal(-1, bad.GetProperty("code").GetInt32());
        Assert.Equal(0, good.GetProperty("code").GetInt32());
        Assert.Equal(5, modern.Emulator.Host.Screen.IdleTimeoutMinutes);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task IdleTimeout_StopsCaptureWhenNobodyWatches()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_0);
        var screen = session.Emulator.Host.Screen;

        await session.PostAsync("/api/vm/hdmi/timeout", new { minutes = 1 }); // 0.6 s at the test time scale

        for (var i = 0; i < 500 && screen.IsCapturing; i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.False(screen.IsCapturing);
        Assert.True(screen.HdmiEnabled);
    }
}
