using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class BatchToolsTests
{
    [Fact]
    public async Task Batch_RunsStepsInOrder()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot");

        var result = (await mcp.CallAsync("nanokvm_batch", new
        {
            actions = new object[]
            {
                new { action = "click", x = 400, y = 300 },
                new { action = "type", text = "root" },
                new { action = "key", key = "Enter" },
                new { action = "wait", ms = 10 },
                new { action = "scroll", amount = -2 },
            },
        })).Structured();

        Assert.Equal(5, result.GetProperty("completed").GetInt32());
        Assert.Equal(5, result.GetProperty("log").GetArrayLength());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains("root\n", StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
        Assert.Equal(1, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Theory]
    [InlineData("""{"action":"key","key":"Nope"}""", "actions[1]")]
    [InlineData("""{"action":"wait","ms":0}""", "actions[1].ms")]
    [InlineData("""{"action":"click","x":5000,"y":1}""", "actions[1]")]
    [InlineData("""{"action":"jump"}""", "actions[1].action")]
    [InlineData("""{"action":"type"}""", "actions[1]")]
    [InlineData("""{"action":"wait","ms":10,"colour":"red"}""", "actions[1].colour")]
    public async Task Batch_WithABadStep_SendsNothing(string badStep, string expected)
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot");
        var steps = System.Text.Json.JsonDocument.Parse($$"""{"actions":[{"action":"key","key":"a"},{{badStep}}]}""").RootElement;
        var args = steps.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        var result = await mcp.Client.CallToolAsync("nanokvm_batch", args, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains(expected, result.ErrorText(), StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
    }

    [Fact]
    public async Task Batch_TooMuchWaiting_IsRejected()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "wait", ms = 30_000 }, new { action = "wait", ms = 30_000 }, new { action = "wait", ms = 1 } } })).ErrorText();

        Assert.Contains("60", text, StringComparison.Ordinal);
    }
}
