using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>Calls that take a while: progress notifications, and cancellation leaving the server usable.</summary>
public sealed class LongCallTests
{
    [Fact]
    public async Task DownloadImage_ReportsProgress_ToAClientThatAsksForIt()
    {
        await using var mcp = await McpHarness.StartAsync();
        var received = new List<ProgressNotificationParams>();
        await using var registration = mcp.Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var value = JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions);
            lock (received)
            {
                received.Add(value!);
            }

            return ValueTask.CompletedTask;
        });

        var result = await mcp.Client.CallToolAsync(
            "nanokvm_download_image",
            new Dictionary<string, object?> { ["url"] = "http://example.invalid/progress.iso" },
            options: new RequestOptions { ProgressToken = new ProgressToken("dl-1") },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("succeeded", result.Structured().GetProperty("state").GetString());
        Assert.True(await Eventually.TrueAsync(() => { lock (received) { return received.Count > 0; } }));
        lock (received)
        {
            Assert.All(received, p => Assert.Equal("dl-1", p.ProgressToken.ToString()));
        }
    }

    [Fact]
    public async Task CancelledCall_EndsTheCall_AndTheServerKeepsAnswering()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mcp.Client.CallToolAsync(
            "nanokvm_wait_for_change",
            new Dictionary<string, object?> { ["timeout_ms"] = 300_000 },
            cancellationToken: cancel.Token).AsTask());

        Assert.False((await mcp.CallAsync("nanokvm_info")).IsError is true);
        Assert.False((await mcp.CallAsync("nanokvm_screenshot")).IsError is true);
    }
}
