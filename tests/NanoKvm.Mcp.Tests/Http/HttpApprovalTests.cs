using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>
/// Approvals over HTTP: a session's form elicitation for initialize-handshake clients (2025-06-18, 2025-11-25), the
/// multi-round-trip input request for 2026-07-28 clients; a state sent back replayed, altered, for other arguments or
/// by another key is refused, and nothing is typed without a yes.
/// </summary>
public sealed class HttpApprovalTests
{
    private const string ApproveKeys = """
        {"version":"1","default":"allow","tools":{"nanokvm_send_key":{"action":"approve","reason":"keys reach the target"}}}
        """;

    private static readonly Dictionary<string, object?> KeyA = new() { ["key"] = "a" };

    [Theory]
    [InlineData("2025-11-25", "accept", "yes", true)]
    [InlineData("2025-06-18", "accept", "yes", true)]
    [InlineData("2025-11-25", "decline", null, false)]
    [InlineData("2026-07-28", "accept", "yes", true)]
    [InlineData("2026-07-28", "accept", "no", false)]
    [InlineData("2026-07-28", "cancel", null, false)]
    public async Task The_client_is_asked_and_only_a_yes_runs_the_tool(string protocolVersion, string action, string? decision, bool runs)
    {
        await using var http = await HttpHarness.StartAsync(ApproveKeys);
        var asked = new List<string>();
        var client = await http.ConnectAsync(HttpHarness.AliceKey, protocolVersion, Answering(action, decision, asked));

        var result = await client.CallAsync("nanokvm_send_key", KeyA);

        Assert.True(asked.Count == 1, result.Text());
        var message = asked[0];
        Assert.Contains("nanokvm_send_key", message, StringComparison.Ordinal);
        Assert.Contains("keys reach the target", message, StringComparison.Ordinal);
        if (runs)
        {
            Assert.NotEqual(true, result.IsError);
            Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Keyboard.Reports.Count >= 2));
        }
        else
        {
            Assert.True(result.IsError);
            Assert.Contains("Not approved", result.Text(), StringComparison.Ordinal);
            Assert.Empty(http.Emulator.Host.Keyboard.Reports);
        }
    }

    [Fact]
    public async Task The_multi_round_trip_question_is_audited_and_the_answer_comes_with_a_signed_state()
    {
        await using var http = await HttpHarness.StartAsync(ApproveKeys);
        using var recorder = new RequestRecorder();
        var client = await http.ConnectAsync(HttpHarness.AliceKey, handlers: Answering("accept", "yes", []), handler: recorder);

        await client.CallAsync("nanokvm_send_key", KeyA);

        var retry = Assert.Single(recorder.Requests, r => r.Body.Contains("requestState", StringComparison.Ordinal));
        var state = JsonNode.Parse(retry.Body)!["params"]!["requestState"]!.GetValue<string>();
        Assert.Equal(2, state.Split('.').Length);
        Assert.Contains("\"decision\":\"approval_requested\"", http.Audit.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"approved\"", http.Audit.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "replayed", "already used" },
        { "state altered", "signature does not match" },
        { "arguments changed", "arguments differ" },
        { "another key", "another caller" },
        { "state dropped", "Not approved" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_state_sent_back_replayed_or_altered_is_refused_and_nothing_is_typed(string how, string expected)
    {
        await using var http = await HttpHarness.StartAsync(ApproveKeys);
        using var recorder = new RequestRecorder();
        var client = await http.ConnectAsync(HttpHarness.AliceKey, handlers: Answering("accept", "yes", []), handler: recorder);
        await client.CallAsync("nanokvm_send_key", KeyA);
        Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Keyboard.Reports.Count >= 2));
        var reportsBefore = http.Emulator.Host.Keyboard.Reports.Count;
        var retry = recorder.Requests.Single(r => r.Body.Contains("requestState", StringComparison.Ordinal));
        var body = JsonNode.Parse(retry.Body)!.AsObject();
        var parameters = body["params"]!.AsObject();
        var key = HttpHarness.AliceKey;
        switch (how)
        {
            case "state altered":
                var state = parameters["requestState"]!.GetValue<string>();
                parameters["requestState"] = state[..10] + (state[10] == 'A' ? 'B' : 'A') + state[11..];
                break;
            case "arguments changed":
                parameters["arguments"]!["key"] = "Enter";
                break;
            case "another key":
                key = HttpHarness.BobKey;
                break;
            case "state dropped":
                // An answer without the server's state: a fresh call, which asks again instead of running.
                parameters.Remove("requestState");
                break;
        }

        using var response = await http.PostAsync(body.ToJsonString(), key, r =>
        {
            foreach (var (name, value) in retry.Headers.Where(h => h.Key.StartsWith("MCP-", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("Mcp-", StringComparison.Ordinal)))
            {
                r.Headers.TryAddWithoutValidation(name, value);
            }
        });
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains(how == "state dropped" ? "input_required" : expected, text, StringComparison.Ordinal);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(reportsBefore, http.Emulator.Host.Keyboard.Reports.Count);
    }

    [Fact]
    public async Task A_client_that_can_be_asked_neither_way_is_refused_with_the_reason()
    {
        await using var http = await HttpHarness.StartAsync(ApproveKeys);
        var client = await http.ConnectAsync(HttpHarness.AliceKey, "2025-11-25");

        var result = await client.CallAsync("nanokvm_send_key", KeyA);

        Assert.True(result.IsError);
        Assert.Contains("multi-round-trip", result.Text(), StringComparison.Ordinal);
        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
    }

    private static McpClientHandlers Answering(string action, string? decision, List<string> asked) => new()
    {
        ElicitationHandler = (request, _) =>
        {
            lock (asked)
            {
                asked.Add(request?.Message ?? string.Empty);
            }

            return ValueTask.FromResult(new ElicitResult
            {
                Action = action,
                Content = decision is null ? null : new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement(decision) },
            });
        },
    };
}
