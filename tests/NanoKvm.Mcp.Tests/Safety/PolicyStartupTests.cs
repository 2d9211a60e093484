namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// Issue 13, case 6: a policy that does not fit the server's tools stops start-up with exit code 2 and one line
/// naming the field, never a crash; and calls rejected before they reach the device take no rate-limit slot.
/// </summary>
public sealed class PolicyStartupTests
{
    public static TheoryData<string, string> MisfittingPolicies => new()
    {
        { """{"version":"1","default":"deny","tools":{"nanokvm_clik":{}}}""", "tools.nanokvm_clik: no such tool" },
        { """{"version":"1","default":"deny","tools":{"NanoKvm_Click":{}}}""", "tools.NanoKvm_Click: no such tool; tool names are case-sensitive: did you mean 'nanokvm_click'?" },
        { """{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"force":{"values":[true]}}}}}""", "tools.nanokvm_power.args.force: tool 'nanokvm_power' has no argument 'force'" },
        { """{"version":"1","default":"allow","tools":{"nanokvm_click":{"args":{"x":{"max_length":4}}}}}""", "tools.nanokvm_click.args.x: max_length/paths need a string argument" },
    };

    [Theory]
    [MemberData(nameof(MisfittingPolicies))]
    public async Task A_policy_that_does_not_fit_the_tools_exits_2_with_the_field_on_the_only_line(string json, string expected)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"nanokvm-policy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, "policy.json");
            await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);

            var (exitCode, stdout, stderr) = await AuditFailClosedTests.RunServerAsync(directory, "--emulator", "--policy", path);

            Assert.Equal(2, exitCode);
            Assert.Equal(string.Empty, stdout);
            var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"nanokvm-mcp: Invalid policy {path}: {expected}", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Calls_rejected_before_reaching_the_device_take_no_rate_limit_slot()
    {
        await using var mcp = await SafetyHarness.StartAsync("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_click":{"limits":[{"counter":"click_rate","window":"minute","max":2,"scope":"grant"}]}}}
            """);

        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true, colour = "red" })).AssertRefused("invalid argument 'colour'");
        (await mcp.CallAsync("nanokvm_click", new { x = "middle", y = 0.5, normalized = true })).AssertRefused("invalid argument 'x'");
        (await mcp.CallAsync("nanokvm_click", new { button = "thumb" })).AssertRefused("invalid argument 'button'");
        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true, device = "lab" })).AssertRefused("Unknown device 'lab'");
        (await mcp.CallAsync("nanokvm_click", new { x = 1.5, y = 0.5, normalized = true })).AssertRefused("invalid argument 'x'");
        (await mcp.CallAsync("nanokvm_click", new { x = 5000, y = 10 })).AssertRefused("screen as the device captures it now (no screenshot taken yet)");
        (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "click", x = 0.5, y = 0.5, normalized = true }, new { action = "click", x = 2, y = 0.5, normalized = true } } }))
            .AssertRefused("actions[1]");
        (await mcp.CallAsync("nanokvm_batch", new { frame_id = "f1", actions = new object[] { new { action = "click" } } }))
            .AssertRefused("invalid argument 'frame_id'");
        (await mcp.CallAsync("nanokvm_click", new { frame_id = "f1" })).AssertRefused("invalid argument 'frame_id'");
        (await mcp.CallAsync("nanokvm_double_click", new { frame_id = "f1", x = 0.5, normalized = true })).AssertRefused("invalid argument 'frame_id'");

        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertRefused("rate limit 'click_rate'");
    }
}
