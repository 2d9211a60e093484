using System.Text.Json;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Tests.Safety;

public sealed class ApprovalTests
{
    private const string ApprovePower = """
        {"version":"1","default":"allow","tools":{
          "nanokvm_power":{"action":"approve","reason":"pressing power can lose unsaved work",
            "limits":[{"counter":"power","window":"hour","max":1,"scope":"device"}]}}}
        """;

    public static TheoryData<string> ProtocolVersions => new() { "default", "2025-06-18" };

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task Accepted_with_yes_runs_the_tool(string protocolVersion)
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ApprovePower));
        ElicitRequestParams? asked = null;
        await using var client = await server.ConnectAsync(
            (request, _) =>
            {
                asked = request;
                return ValueTask.FromResult(Answer("accept", "yes"));
            },
            protocolVersion == "default" ? null : protocolVersion);

        var result = await client.CallAsync("nanokvm_power", new { action = "power_long", device = "lab" });

        result.AssertOk();
        Assert.Equal(1, server.Calls["nanokvm_power"]);
        Assert.NotNull(asked);
        Assert.Contains("nanokvm_power", asked.Message, StringComparison.Ordinal);
        Assert.Contains("lab", asked.Message, StringComparison.Ordinal);
        Assert.Contains("  action = \"power_long\"\n", asked.Message, StringComparison.Ordinal);
        Assert.Contains("unsaved work", asked.Message, StringComparison.Ordinal);
        var field = Assert.IsType<ElicitRequestParams.UntitledSingleSelectEnumSchema>(asked.RequestedSchema!.Properties["decision"]);
        Assert.Equal(["yes", "no"], field.Enum);
    }

    [Theory]
    [InlineData("decline", null, "declined")]
    [InlineData("cancel", null, "dismissed")]
    [InlineData("accept", "no", "answered no")]
    [InlineData("accept", null, "answered no")]
    public async Task Anything_but_an_explicit_yes_refuses(string action, string? answer, string expected)
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ApprovePower));
        await using var client = await server.ConnectAsync((_, _) => ValueTask.FromResult(Answer(action, answer)));

        var result = await client.CallAsync("nanokvm_power", new { action = "power" });

        Assert.True(result.IsError);
        Assert.Contains(expected, result.Text(), StringComparison.Ordinal);
        Assert.Contains("tools.nanokvm_power.action", result.Text(), StringComparison.Ordinal);
        Assert.Equal(0, server.Calls["nanokvm_power"]);
    }

    [Fact]
    public async Task Client_without_elicitation_is_refused_with_an_explanation()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ApprovePower));
        await using var client = await server.ConnectAsync();

        var result = await client.CallAsync("nanokvm_power", new { action = "power" });

        Assert.True(result.IsError);
        Assert.Contains("can be asked neither through elicitation (form mode) nor through a multi-round-trip request", result.Text(), StringComparison.Ordinal);
        Assert.Equal(0, server.Calls["nanokvm_power"]);
    }

    [Fact]
    public async Task A_refused_approval_does_not_use_up_a_rate_limit_slot()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ApprovePower));
        var answers = new Queue<string>(["decline", "accept", "accept"]);
        await using var client = await server.ConnectAsync((_, _) => ValueTask.FromResult(Answer(answers.Dequeue(), "yes")));

        var declined = await client.CallAsync("nanokvm_power", new { action = "power" });
        var approved = await client.CallAsync("nanokvm_power", new { action = "power" });
        var limited = await client.CallAsync("nanokvm_power", new { action = "power" });

        Assert.True(declined.IsError);
        approved.AssertOk();
        Assert.True(limited.IsError);
        Assert.Contains("rate limit 'power'", limited.Text(), StringComparison.Ordinal);
        Assert.Equal(1, server.Calls["nanokvm_power"]);
    }

    [Fact]
    public async Task Rate_limited_calls_do_not_ask_the_human()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ApprovePower));
        var asked = 0;
        await using var client = await server.ConnectAsync((_, _) =>
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(Answer("accept", "yes"));
        });

        await client.CallAsync("nanokvm_power", new { action = "power" });
        var limited = await client.CallAsync("nanokvm_power", new { action = "power" });

        Assert.True(limited.IsError);
        Assert.Equal(1, asked);
    }

    private static ElicitResult Answer(string action, string? decision) => new()
    {
        Action = action,
        Content = decision is null ? null : new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement(decision) },
    };
}
