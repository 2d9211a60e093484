using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>
/// Typing, paste and batch type steps send notifications/progress (characters done of the total) to a caller that
/// gave a progress token, ending at the total. Download progress never goes backwards.
/// </summary>
/// <remarks>
/// This SDK's client handles incoming messages concurrently, so two notifications sent close together may reach the
/// handler in either order: these tests check that no value repeats (the server only sends a value above the last
/// one) and the highest is the total; the Node test, whose client keeps the order, checks the order.
/// </remarks>
public sealed class ProgressTests
{
    [Theory]
    [InlineData("nanokvm_type_text", "safe")]
    [InlineData("nanokvm_type_text", "fast")]
    [InlineData("nanokvm_send_text", null)]
    public async Task Typing_ReportsCharactersDone_StrictlyIncreasing_UpToTheTotal(string tool, string? speed)
    {
        await using var mcp = await McpHarness.StartAsync();
        await using var progress = new ProgressRecorder(mcp.Client, "typing");
        var text = string.Concat(Enumerable.Repeat("progress check ", 4)) + "done";
        object args = speed is null ? new { text } : new { text, speed };

        var result = (await mcp.CallAsync(tool, args, progress.Options)).Structured();

        var typed = result.GetProperty("typed").GetInt32();
        Assert.Equal(text.Length, typed);
        Assert.True(await progress.ReachedAsync(typed), "the last notification reports every character");
        var values = progress.Values;
        Assert.All(values, v => Assert.Equal(typed, v.Total));
        Assert.Equal(values.Count, values.Select(v => v.Progress).Distinct().Count());
        Assert.Equal(typed, values.Max(v => v.Progress));
        Assert.Contains($"typed {typed} of {typed} characters", values.MaxBy(v => v.Progress)!.Message, StringComparison.Ordinal);
        Assert.True(result.GetProperty("elapsed_ms").GetInt64() >= 0);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == text), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Typing_WithoutAProgressToken_SendsNoNotifications()
    {
        await using var mcp = await McpHarness.StartAsync();
        await using var progress = new ProgressRecorder(mcp.Client, "unused");

        await mcp.CallAsync("nanokvm_type_text", new { text = "quiet", speed = "fast" });

        Assert.Empty(progress.Values);
    }

    [Fact]
    public async Task Batch_TypeSteps_ReportCharactersAcrossSteps()
    {
        await using var mcp = await McpHarness.StartAsync();
        await using var progress = new ProgressRecorder(mcp.Client, "batch");

        var result = (await mcp.CallAsync("nanokvm_batch", new
        {
            actions = new object[]
            {
                new { action = "type", text = "first part ✓", speed = "fast" },
                new { action = "key", key = "Enter" },
                new { action = "type", text = "second" },
            },
        }, progress.Options)).Structured();

        Assert.Equal(3, result.GetProperty("completed").GetInt32());
        const int Total = 12 + 6;
        Assert.True(await progress.ReachedAsync(Total));
        var values = progress.Values;
        Assert.All(values, v => Assert.Equal(Total, v.Total));
        Assert.Equal(values.Count, values.Select(v => v.Progress).Distinct().Count());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == "first part \nsecond"), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Download_Progress_NeverGoesBackwards_AndEndsAt100()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.TimeScale = 0.1);
        await using var progress = new ProgressRecorder(mcp.Client, "download");

        var result = (await mcp.CallAsync("nanokvm_download_image", new { url = "http://example.invalid/progress.iso" }, progress.Options)).Structured();

        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.True(await progress.ReachedAsync(100));
        var values = progress.Values;
        Assert.Equal(values.Count, values.Select(v => v.Progress).Distinct().Count());
        Assert.All(values, v => Assert.InRange(v.Progress, 0.001, 100));
        Assert.All(values, v => Assert.Equal(100, v.Total));
    }
}
