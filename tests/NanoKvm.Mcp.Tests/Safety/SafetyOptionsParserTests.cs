using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Safety;

public sealed class SafetyOptionsParserTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Nothing_given_means_allow_all_no_audit()
    {
        var options = SafetyOptionsParser.Parse([], NoEnvironment);

        Assert.Same(SafetyPolicy.AllowAll, options.Policy);
        Assert.False(options.ReadOnly);
        Assert.Null(options.AuditTarget);
        Assert.False(options.AuditFullText);
    }

    [Fact]
    public void Command_line_switches_are_read_and_other_arguments_ignored()
    {
        var policy = WritePolicy();
        try
        {
            var options = SafetyOptionsParser.Parse(
                ["--host", "10.0.0.2", "--policy", policy, "--read-only", "--audit", "audit.jsonl", "--audit-full-text", "--emulator"],
                NoEnvironment);

            Assert.Equal(PolicyAction.Deny, options.Policy.Default);
            Assert.True(options.ReadOnly);
            Assert.Equal("audit.jsonl", options.AuditTarget);
            Assert.True(options.AuditFullText);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public void Environment_variables_apply_and_the_command_line_wins()
    {
        var policy = WritePolicy();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["NANOKVM_MCP_POLICY"] = policy,
                ["NANOKVM_MCP_READ_ONLY"] = "true",
                ["NANOKVM_MCP_AUDIT"] = "stderr",
                ["NANOKVM_MCP_AUDIT_FULL_TEXT"] = "1",
            };

            var fromEnvironment = SafetyOptionsParser.Parse([], environment.GetValueOrDefault);
            var overridden = SafetyOptionsParser.Parse(["--read-only=false", "--audit=other.jsonl", "--audit-full-text=no"], environment.GetValueOrDefault);

            Assert.Equal(PolicyAction.Deny, fromEnvironment.Policy.Default);
            Assert.True(fromEnvironment.ReadOnly);
            Assert.Equal("stderr", fromEnvironment.AuditTarget);
            Assert.True(fromEnvironment.AuditFullText);
            Assert.False(overridden.ReadOnly);
            Assert.Equal("other.jsonl", overridden.AuditTarget);
            Assert.False(overridden.AuditFullText);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public void A_malformed_policy_file_fails_parsing_with_the_field_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"version":"1","default":"deny","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"fortnight","max":1}]}}}""");
        try
        {
            var error = Assert.Throws<PolicyFormatException>(() => SafetyOptionsParser.Parse(["--policy", path], NoEnvironment));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Equal("tools.nanokvm_click.limits[0].window", error.FieldPath);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "--audit", "stdout" }, "stdout")]
    [InlineData(new[] { "--policy" }, "--policy needs a value")]
    [InlineData(new[] { "--policy", "--read-only" }, "--policy needs a value")]
    [InlineData(new[] { "--read-only=maybe" }, "expected true or false")]
    public void Bad_switches_are_rejected(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SafetyOptionsParser.Parse(args, NoEnvironment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--policy", "p.json" }, 0, true, 2)]
    [InlineData(new[] { "--policy=p.json" }, 0, true, 1)]
    [InlineData(new[] { "--audit", "stderr" }, 0, true, 2)]
    [InlineData(new[] { "--read-only" }, 0, true, 1)]
    [InlineData(new[] { "--audit-full-text" }, 0, true, 1)]
    [InlineData(new[] { "--host", "x" }, 0, false, 1)]
    public void Hosts_can_skip_the_safety_switches(string[] args, int index, bool ours, int consumed)
    {
        Assert.Equal(ours, SafetyOptionsParser.IsSafetyArgument(args, index, out var count));
        Assert.Equal(consumed, count);
    }

    private static string WritePolicy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"version":"1","default":"deny","tools":{"nanokvm_screenshot":{}}}""");
        return path;
    }
}
