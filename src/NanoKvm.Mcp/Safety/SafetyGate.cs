using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

/// <summary>
/// The request filters' logic: trims <c>tools/list</c> and decides, approves and audits every <c>tools/call</c>
/// before the tool runs.
/// </summary>
internal sealed class SafetyGate : IDisposable
{
    /// <summary>Key under <c>_meta</c> of a refusal, for clients that want the decision without parsing text.</summary>
    public const string MetaKey = "nanokvm/safety";

    private readonly SafetyOptions _options;
    private readonly AuditLog? _audit;

    public SafetyGate(SafetyOptions options, PolicyEngine engine, AuditLog? audit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        _options = options;
        Engine = engine;
        _audit = audit;
    }

    public PolicyEngine Engine { get; }

    public ListToolsResult FilterList(ListToolsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Tools = [.. result.Tools.Where(t => Engine.IsListed(t.Name, t.Annotations?.ReadOnlyHint == true))];
        return result;
    }

    public async ValueTask<CallToolResult> CallAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        var time = _options.TimeProvider.GetUtcNow();
        var toolName = context.Params?.Name ?? string.Empty;
        var arguments = context.Params?.Arguments;
        var device = DeviceOf(arguments);

        // Unknown tools and tools without annotations count as "may change things": read-only mode refuses them.
        var isReadOnly = (context.MatchedPrimitive as McpServerTool)?.ProtocolTool.Annotations?.ReadOnlyHint == true;
        var decision = Engine.Evaluate(new PolicyRequest(toolName, device, GrantOf(context), arguments, isReadOnly));

        string decisionName;
        switch (decision.Kind)
        {
            case DecisionKind.Deny:
                return Refuse("deny", $"Refused by the NanoKvm safety policy (rule {decision.Rule}): {decision.Message}.{ReasonSuffix(decision)}");
            case DecisionKind.RateLimited:
                return Refuse("rate_limited", $"Rate limited by the NanoKvm safety policy (rule {decision.Rule}): {decision.Message}.{ReasonSuffix(decision)}");
            case DecisionKind.NeedsApproval:
                var approval = await ApprovalPrompt.AskAsync(context.Server, toolName, device, arguments, decision.Reason, cancellationToken);
                if (approval.Status != ApprovalStatus.Approved)
                {
                    // The call never ran, so it must not use up a rate-limit slot.
                    decision.Reservation?.Release();
                    return Refuse(
                        $"not_approved:{approval.Status.ToString().ToLowerInvariant()}",
                        $"Not approved (rule {decision.Rule}): {approval.Explanation}");
                }

                decisionName = "approved";
                break;
            default:
                decisionName = "allow";
                break;
        }

        try
        {
            var result = await next(context, cancellationToken);
            Audit(decisionName, result.IsError == true ? "error" : "ok", result.IsError == true ? FirstText(result) : null);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Audit(decisionName, "error", "cancelled");
            throw;
        }
        catch (Exception e)
        {
            Audit(decisionName, "error", e is McpException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            throw;
        }

        CallToolResult Refuse(string auditDecision, string message)
        {
            Audit(auditDecision, "error", message);
            var meta = new JsonObject { ["decision"] = auditDecision, ["rule"] = decision.Rule };
            if (decision.Counter is not null)
            {
                meta["counter"] = decision.Counter;
                meta["retryAfterSeconds"] = Math.Ceiling(decision.RetryAfter!.Value.TotalMilliseconds) / 1000.0;
                meta["retryAt"] = decision.RetryAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            }

            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = message }],
                Meta = new JsonObject { [MetaKey] = meta },
            };
        }

        void Audit(string auditDecision, string outcome, string? error) => _audit?.Write(new AuditRecord
        {
            Time = time,
            Device = device,
            Tool = toolName,
            Arguments = arguments,
            Decision = auditDecision,
            Rule = decision.Rule,
            Outcome = outcome,
            Error = error,
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
    }

    /// <summary>Closes the audit file (a no-op for stderr and caller-supplied writers).</summary>
    public void Dispose() => _audit?.Dispose();

    private string DeviceOf(IDictionary<string, JsonElement>? arguments) =>
        arguments is not null &&
        arguments.TryGetValue(_options.DeviceArgument, out var value) &&
        value.ValueKind == JsonValueKind.String &&
        !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : _options.DefaultDevice;

    /// <summary>
    /// The client connection: its MCP session id, or one fixed grant when the transport has no sessions (stdio
    /// serves exactly one client per process).
    /// </summary>
    private static string GrantOf(RequestContext<CallToolRequestParams> context) => context.Server.SessionId ?? "stdio";

    private static string ReasonSuffix(PolicyDecision decision) =>
        string.IsNullOrWhiteSpace(decision.Reason) ? string.Empty : $" Policy reason: {decision.Reason}";

    private static string? FirstText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
}
