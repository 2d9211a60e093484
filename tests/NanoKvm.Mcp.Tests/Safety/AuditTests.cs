using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NanoKvm.Mcp.Audit;

namespace NanoKvm.Mcp.Tests.Safety;

public sealed class AuditTests
{
    private const string Policy = """
        {"version":"1","default":"allow","tools":{
          "nanokvm_power_cycle":{"action":"deny","reason":"not here"},
          "nanokvm_click":{"limits":[{"counter":"click_rate","window":"minute","max":1,"scope":"grant"}]}}}
        """;

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task An_admitted_call_has_a_decision_line_then_an_outcome_line_and_a_refused_call_one_line()
    {
        var audit = new StringWriter();
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(Policy, _clock, audit: audit));
        await using var client = await server.ConnectAsync();

        await client.CallAsync("nanokvm_click", new { x = 10, y = 20, device = " LAB" });
        await client.CallAsync("nanokvm_click");
        await client.CallAsync("nanokvm_power_cycle");
        await client.CallAsync("nanokvm_hdmi_reset");

        var lines = Lines(audit);
        Assert.Equal(["decision", "outcome", "decision", "decision", "decision", "outcome"], lines.Select(l => l.GetProperty("phase").GetString()));
        Assert.Equal([1, 1, 2, 3, 4, 4], lines.Select(l => l.GetProperty("call").GetInt32()));

        var decided = lines[0];
        Assert.Equal("2026-11-21T12:00:00.000Z", decided.GetProperty("time").GetString());
        Assert.Equal("stdio", decided.GetProperty("grant").GetString());
        Assert.Equal("lab", decided.GetProperty("device").GetString());
        Assert.Equal("nanokvm_click", decided.GetProperty("tool").GetString());
        Assert.Equal(10, decided.GetProperty("arguments").GetProperty("x").GetInt32());
        Assert.Equal(1, decided.GetProperty("actions").GetProperty("nanokvm_click").GetInt32());
        Assert.Equal("allow", decided.GetProperty("decision").GetString());
        Assert.Equal("tools.nanokvm_click", decided.GetProperty("rule").GetString());
        Assert.Equal("pending", decided.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, decided.GetProperty("error").ValueKind);

        var ran = lines[1];
        Assert.Equal("ok", ran.GetProperty("outcome").GetString());
        Assert.Equal("allow", ran.GetProperty("decision").GetString());
        Assert.False(ran.TryGetProperty("arguments", out _));
        Assert.True(ran.GetProperty("duration_ms").GetDouble() >= 0);

        var limited = lines[2];
        Assert.Equal("default", limited.GetProperty("device").GetString());
        Assert.Equal("rate_limited", limited.GetProperty("decision").GetString());
        Assert.Equal("tools.nanokvm_click.limits[0]", limited.GetProperty("rule").GetString());
        Assert.Equal("refused", limited.GetProperty("outcome").GetString());
        Assert.Contains("retry after 60 s", limited.GetProperty("error").GetString(), StringComparison.Ordinal);

        var denied = lines[3];
        Assert.Equal("deny", denied.GetProperty("decision").GetString());
        Assert.Contains("not here", denied.GetProperty("error").GetString(), StringComparison.Ordinal);

        var failed = lines[5];
        Assert.Equal("allow", failed.GetProperty("decision").GetString());
        Assert.Equal("error", failed.GetProperty("outcome").GetString());
        Assert.Contains("HDMI reset failed on the device", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_results_are_audited()
    {
        const string approve = """{"version":"1","default":"allow","tools":{"nanokvm_power":{"action":"approve"}}}""";
        var audit = new StringWriter();
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(approve, _clock, audit: audit));
        await using var unsupported = await server.ConnectAsync();

        await unsupported.CallAsync("nanokvm_power", new { action = "power" });

        var line = Assert.Single(Lines(audit));
        Assert.Equal("not_approved:unsupported", line.GetProperty("decision").GetString());
        Assert.Equal("refused", line.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Typed_text_is_redacted_to_length_and_short_hash()
    {
        var audit = new StringWriter();
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(audit: audit));
        await using var client = await server.ConnectAsync();

        await client.CallAsync("nanokvm_send_text", new { text = "hunter2 héllo", language = "de" });

        var arguments = Lines(audit)[0].GetProperty("arguments");
        var text = arguments.GetProperty("text");
        Assert.True(text.GetProperty("redacted").GetBoolean());
        Assert.Equal(13, text.GetProperty("length").GetInt32());
        Assert.Equal(Sha8("hunter2 héllo"), text.GetProperty("sha256_8").GetString());
        Assert.Equal("de", arguments.GetProperty("language").GetString());
        Assert.DoesNotContain("hunter2", audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Full_text_shows_typed_text_but_never_passwords()
    {
        var audit = new StringWriter();
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(audit: audit, fullText: true));
        await using var client = await server.ConnectAsync();

        await client.CallAsync("nanokvm_send_text", new { text = "visible words" });
        await client.CallAsync("nanokvm_wifi_join", new { ssid = "lab", password = "s3cret-pw" });

        var lines = Lines(audit).Where(l => l.GetProperty("phase").GetString() == "decision").ToList();
        Assert.Equal("visible words", lines[0].GetProperty("arguments").GetProperty("text").GetString());

        // The Wi-Fi stand-in has no action mapping, so it is refused; its refusal line still hides the password.
        Assert.Equal("deny", lines[1].GetProperty("decision").GetString());
        var password = lines[1].GetProperty("arguments").GetProperty("password");
        Assert.True(password.GetProperty("redacted").GetBoolean());
        Assert.Equal(Sha8("s3cret-pw"), password.GetProperty("sha256_8").GetString());
        Assert.DoesNotContain("s3cret-pw", audit.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Secrets_are_redacted_at_any_depth(bool fullText)
    {
        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""
            {"actions":[{"type":"type","text":"typed in batch"},{"type":"key","key":"Enter"}],
             "content":"file body","api_token":"tok-123","ClientSecret":"sec-456","passphrase":["a","b"],"count":3}
            """);
        var record = new AuditRecord
        {
            Time = _clock.GetUtcNow(),
            Phase = AuditPhase.Decision,
            Call = 1,
            Grant = "stdio",
            Device = "lab",
            Tool = "nanokvm_batch",
            Arguments = arguments,
            Decision = "allow",
            Outcome = "pending",
            DurationMs = 1,
        };

        var json = AuditLog.Format(record, fullText);
        using var line = JsonDocument.Parse(json);
        var args = line.RootElement.GetProperty("arguments");

        Assert.DoesNotContain("tok-123", json, StringComparison.Ordinal);
        Assert.DoesNotContain("sec-456", json, StringComparison.Ordinal);
        Assert.True(args.GetProperty("api_token").GetProperty("redacted").GetBoolean());
        Assert.True(args.GetProperty("ClientSecret").GetProperty("redacted").GetBoolean());
        Assert.True(args.GetProperty("passphrase").GetProperty("redacted").GetBoolean());
        Assert.Equal("Enter", args.GetProperty("actions")[1].GetProperty("key").GetString());
        Assert.Equal(3, args.GetProperty("count").GetInt32());
        if (fullText)
        {
            Assert.Equal("typed in batch", args.GetProperty("actions")[0].GetProperty("text").GetString());
            Assert.Equal("file body", args.GetProperty("content").GetString());
        }
        else
        {
            Assert.DoesNotContain("typed in batch", json, StringComparison.Ordinal);
            Assert.Equal(Sha8("file body"), args.GetProperty("content").GetProperty("sha256_8").GetString());
        }
    }

    [Fact]
    public async Task A_file_target_gets_a_start_line_and_whole_lines_under_concurrent_calls()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "{\"earlier\":true}\n", TestContext.Current.CancellationToken);
            var options = new NanoKvm.Mcp.Safety.SafetyOptions { AuditTarget = path, TimeProvider = _clock };
            await using (var server = SafetyServer.Start(options))
            {
                await using var client = await server.ConnectAsync();
                await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.CallAsync("nanokvm_move", new { x = i, y = i })));
            }

            var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(2 + 80, lines.Length);
            Assert.Equal("{\"earlier\":true}", lines[0]);
            using (var start = JsonDocument.Parse(lines[1]))
            {
                Assert.Equal("start", start.RootElement.GetProperty("phase").GetString());
                Assert.Equal(Environment.ProcessId, start.RootElement.GetProperty("pid").GetInt32());
            }

            var parsed = lines.Skip(2).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            var xs = parsed.Where(l => l.GetProperty("phase").GetString() == "decision").Select(l => l.GetProperty("arguments").GetProperty("x").GetInt32());
            Assert.Equal(Enumerable.Range(0, 40), xs.Order());

            // Every call's decision line comes before its outcome line.
            foreach (var call in parsed.GroupBy(l => l.GetProperty("call").GetInt32()))
            {
                Assert.Equal(["decision", "outcome"], call.Select(l => l.GetProperty("phase").GetString()));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("stdout")]
    [InlineData("-")]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/fd/1")]
    [InlineData("/proc/self/fd/1")]
    [InlineData("/dev/../dev/stdout")]
    public void Stdout_is_never_an_audit_target(string target)
    {
        var error = Assert.Throws<AuditUnavailableException>(() => AuditLog.Open(target, fullText: false, Start));

        Assert.Contains("stdout", error.Message, StringComparison.Ordinal);
    }

    private static AuditStart Start => new(ManualTimeProvider.DefaultStart, "test", "test.json", ReadOnly: false);

    private static List<JsonElement> Lines(StringWriter audit) =>
        [.. audit.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    internal static string Sha8(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
}
