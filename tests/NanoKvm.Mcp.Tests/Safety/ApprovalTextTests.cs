using System.Text.Json;
using NanoKvm.Mcp.Safety.Approvals;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>The approval text on its own, as any approval channel shows it.</summary>
public sealed class ApprovalTextTests
{
    [Theory]
    [InlineData("plain words, ünïcödé and 日本語 😀", "plain words, ünïcödé and 日本語 😀")]
    [InlineData("a\nb\r\nc\td", @"a\nb\r\nc\td")]
    [InlineData("say \"hi\" \\ bye", @"say \""hi\"" \\ bye")]
    [InlineData("\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl", @"\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl")]
    [InlineData("zero\u200Bwidth\u200Cjoin\u200Dbom\uFEFF", @"zero\u200Bwidth\u200Cjoin\u200Dbom\uFEFF")]
    [InlineData("line\u2028para\u2029nbsp\u00A0ideo\u3000", @"line\u2028para\u2029nbsp\u00A0ideo\u3000")]
    [InlineData("tag\U000E0041 private\uE000", @"tag\u{E0041} private\uE000")]
    public void Escaping_leaves_visible_text_alone_and_makes_everything_else_visible(string text, string expected)
    {
        Assert.Equal(expected, DisplayEscaper.Escape(text));
    }

    [Fact]
    public void Control_characters_and_broken_surrogates_are_escaped_too()
    {
        Assert.Equal(@"bell\u0007 nul\u0000 esc\u001B del\u007F nel\u0085", DisplayEscaper.Escape("bell\u0007 nul\0 esc\u001B del\u007F nel\u0085"));
        Assert.Equal(@"lone \uD800 surrogate \uDC00", DisplayEscaper.Escape("lone \uD800 surrogate \uDC00"));
        Assert.Equal("\"a\\nb\"", DisplayEscaper.Quote("a\nb"));
    }

    [Fact]
    public void The_text_lists_every_argument_and_step_and_ends_with_the_fixed_question()
    {
        var arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""
            {"actions":[{"action":"click","x":10,"y":20},{"action":"type","text":"a\nb"}],"device":"lab","api_token":"t0k3n"}
            """);
        var rendering = ApprovalText.Render(new ApprovalRequest(
            "nanokvm_batch",
            "lab",
            arguments,
            [new ApprovalRule("tools.nanokvm_send_text.action", "types on the\nserver", AllowsLongValues: false)]));

        Assert.Null(rendering.Refusal);
        var lines = rendering.Text.Split('\n');
        Assert.Equal("An AI agent asks to run nanokvm_batch on device \"lab\".", lines[0]);
        Assert.Equal("Approval is required by policy rule tools.nanokvm_send_text.action. Its reason: \"types on the\\nserver\"", lines[1]);
        Assert.Contains("  actions = 2 steps:", lines);
        Assert.Contains("    actions[0]: action=\"click\" x=10 y=20", lines);
        Assert.Contains("    actions[1]: action=\"type\" text=\"a\\nb\"", lines);
        Assert.Contains("  device = \"lab\"", lines);
        Assert.Contains("  api_token = [secret, 5 characters, not shown]", lines);
        Assert.DoesNotContain("t0k3n", rendering.Text, StringComparison.Ordinal);
        Assert.Equal(ApprovalText.Question, lines[^1]);
    }

    [Theory]
    [InlineData(2000, 1, true)]
    [InlineData(2001, 1, false)]
    [InlineData(2000, 5, true)]
    [InlineData(2000, 6, false)]
    public void Values_past_the_limits_are_refused_unless_every_asking_rule_allows_long_values(int length, int values, bool fits)
    {
        var arguments = Enumerable.Range(0, values).ToDictionary(i => $"v{i}", _ => JsonSerializer.SerializeToElement(new string('a', length)));

        var strict = ApprovalText.Render(new ApprovalRequest("t", "d", arguments, [new ApprovalRule("tools.t.action", null, false)]));
        var mixed = ApprovalText.Render(new ApprovalRequest("t", "d", arguments, [new ApprovalRule("tools.t.action", null, true), new ApprovalRule("tools.u.action", null, false)]));
        var lenient = ApprovalText.Render(new ApprovalRequest("t", "d", arguments, [new ApprovalRule("tools.t.action", null, true)]));

        Assert.Equal(fits, strict.Refusal is null);
        Assert.Equal(fits, mixed.Refusal is null);
        Assert.Null(lenient.Refusal);
        Assert.All(arguments.Keys, name => Assert.Contains($"  {name} = \"{new string('a', length)}\"\n", lenient.Text, StringComparison.Ordinal));
        Assert.Equal(!fits, lenient.Text.Contains("The policy allows approving long values", StringComparison.Ordinal));
        if (!fits)
        {
            Assert.Contains("approve_long_values", strict.Refusal, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('a', length), strict.Text, StringComparison.Ordinal);
        }
    }
}
