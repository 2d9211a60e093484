using System.Globalization;
using System.Text;
using System.Text.Json;
using NanoKvm.Mcp.Audit;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>
/// The exact text an operator reads before approving a call, for any approval channel (an elicitation form, or a
/// later request/response round trip). It shows every argument value whole, quoted and escaped, one argument or
/// batch step per line, with the server's own question as the fixed last line, so nothing a value contains can pass
/// for the server's words. A value too long to review comfortably is still never cut: the request is refused
/// instead, unless the policy allows approving long values.
/// </summary>
internal static class ApprovalText
{
    /// <summary>The last line of every approval text.</summary>
    public const string Question = "Answer yes to run exactly what is listed above, or no to refuse it.";

    /// <summary>Longest value shown for approval without <c>approve_long_values</c>, in characters.</summary>
    public const int MaxValueLength = 2_000;

    /// <summary>Most characters of values in one approval without <c>approve_long_values</c>.</summary>
    public const int MaxTotalLength = 10_000;

    public static ApprovalRendering Render(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lines = new List<string>();
        var values = new ValueStats();
        if (request.Arguments is null || request.Arguments.Count == 0)
        {
            lines.Add("  (no arguments)");
        }
        else
        {
            foreach (var (name, value) in request.Arguments)
            {
                AddArgument(lines, name, value, values);
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"An AI agent asks to run {request.Tool} on device {DisplayEscaper.Quote(request.Device)}.\n");
        foreach (var rule in request.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"Approval is required by policy rule {rule.Path}.");
            if (!string.IsNullOrWhiteSpace(rule.Reason))
            {
                text.Append(CultureInfo.InvariantCulture, $" Its reason: {DisplayEscaper.Quote(rule.Reason)}");
            }

            text.Append('\n');
        }

        var tooLong = values.Longest > MaxValueLength || values.Total > MaxTotalLength;
        if (tooLong && !request.AllowsLongValues)
        {
            return new ApprovalRendering(
                text.ToString(),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"it holds {values.Describe()}, more than an approval shows ({MaxValueLength:N0} characters per value, {MaxTotalLength:N0} in all), and the policy does not allow approving long values (approve_long_values), so nobody was asked"));
        }

        if (tooLong)
        {
            text.Append(CultureInfo.InvariantCulture, $"It holds long values ({values.Describe()}). The policy allows approving long values; they are shown whole below.\n");
        }

        text.Append("What will run, every value whole. Text is in double quotes; line breaks, quotes, backslashes and invisible or direction-changing characters are written as \\n, \\\", \\\\ and \\u202E:\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        text.Append(Question);
        return new ApprovalRendering(text.ToString(), null);
    }

    private static void AddArgument(List<string> lines, string name, JsonElement value, ValueStats values)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Object))
        {
            // A batch: one line per step, so every step is in plain sight.
            var steps = value.GetArrayLength();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {Key(name)} = {steps} step{(steps == 1 ? string.Empty : "s")}:"));
            var index = 0;
            foreach (var step in value.EnumerateArray())
            {
                var fields = step.EnumerateObject().Select(p => $"{Key(p.Name)}={Value(p.Name, p.Value, values)}");
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"    {Key(name)}[{index++}]: {string.Join(" ", fields)}"));
            }

            return;
        }

        lines.Add($"  {Key(name)} = {Value(name, value, values)}");
    }

    private static string Value(string name, JsonElement value, ValueStats values)
    {
        if (ArgumentRedactor.IsSecret(name) && value.ValueKind != JsonValueKind.Null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"[secret, {ArgumentRedactor.Length(value)} characters, not shown]");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                values.Add(text.EnumerateRunes().Count());
                return DisplayEscaper.Quote(text);
            case JsonValueKind.Object:
                return "{" + string.Join(", ", value.EnumerateObject().Select(p => $"{Key(p.Name)}={Value(p.Name, p.Value, values)}")) + "}";
            case JsonValueKind.Array:
                return "[" + string.Join(", ", value.EnumerateArray().Select(v => Value(name, v, values))) + "]";
            default:
                // Numbers, true, false and null: JSON's own spelling cannot hold a line break or a quote.
                return value.GetRawText();
        }
    }

    private static string Key(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : DisplayEscaper.Quote(name);

    private sealed class ValueStats
    {
        public int Longest { get; private set; }

        public int Total { get; private set; }

        public void Add(int length)
        {
            Longest = Math.Max(Longest, length);
            Total += length;
        }

        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Total:N0} characters of values, the longest {Longest:N0}");
    }
}

/// <summary>The approval text, or why no approval may be asked.</summary>
/// <param name="Text">The whole text to show (when <paramref name="Refusal"/> is set, only its header).</param>
/// <param name="Refusal">Why the request must be refused without asking, or null.</param>
internal sealed record ApprovalRendering(string Text, string? Refusal);
