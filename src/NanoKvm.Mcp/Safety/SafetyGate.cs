using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Leases;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Policy.Actions;
using NanoKvm.Mcp.Safety.Approvals;
using NanoKvm.Mcp.Validation;

namespace NanoKvm.Mcp.Safety;

/// <summary>
/// The request filters' logic: trims <c>tools/list</c>, and for every <c>tools/call</c>, in order: refuses what the
/// policy never allows for the tool; rejects bad arguments, unknown devices and off-screen positions before any
/// rate-limit slot is taken; judges every action the call performs; asks for approval; writes the decision to the
/// audit log (no line, no action); runs the tool; writes the outcome.
/// </summary>
internal sealed partial class SafetyGate : IDisposable
{
    /// <summary>Key under <c>_meta</c> of a refusal, for clients that want the decision without parsing text.</summary>
    public const string MetaKey = "nanokvm/safety";

    private readonly SafetyOptions _options;
    private readonly AuditLog? _audit;
    private readonly bool _ownsAudit;
    private readonly DeviceRegistry _devices;
    private readonly ILogger _logger;
    private readonly ApprovalStateProtector _approvalStates;
    private long _calls;

    /// <param name="options">The safety switches.</param>
    /// <param name="engine">The policy.</param>
    /// <param name="audit">The audit log, or null for none.</param>
    /// <param name="ownsAudit">Whether disposing the gate closes the audit log.</param>
    /// <param name="devices">The devices, whose name resolution canonicalises every call's device.</param>
    /// <param name="logger">Where audit write failures after a tool ran are reported.</param>
    public SafetyGate(SafetyOptions options, PolicyEngine engine, AuditLog? audit, bool ownsAudit, DeviceRegistry devices, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        Engine = engine;
        _audit = audit;
        _ownsAudit = ownsAudit;
        _devices = devices;
        _logger = logger;
        _approvalStates = new ApprovalStateProtector(options.TimeProvider, TimeSpan.FromMinutes(5));
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
        var call = new Call(
            Interlocked.Increment(ref _calls),
            Stopwatch.GetTimestamp(),
            _options.Grant(context),
            context.Params?.Name ?? string.Empty,
            context.Params?.Arguments,
            RequestedDevice(context.Params?.Arguments));

        if (context.MatchedPrimitive is not McpServerTool tool)
        {
            // The SDK answers an unknown tool with a protocol error; the log still shows it was asked for.
            TryAudit(call, DeviceForAudit(call.RequestedDevice), "unknown_tool", null, "refused", $"no tool named '{call.Tool}'", plan: null);
            return await next(context, cancellationToken);
        }

        var toolIsReadOnly = tool.ProtocolTool.Annotations?.ReadOnlyHint == true;
        if (Engine.Screen(call.Tool, toolIsReadOnly) is { } screened)
        {
            return Refuse(call, DeviceForAudit(call.RequestedDevice), screened);
        }

        // Everything that rejects a call before it reaches the device runs before any slot is taken.
        KvmDevice device;
        ActionPlan plan;
        PolicyRequest request;
        try
        {
            ArgumentValidator.Validate(tool.ProtocolTool.InputSchema, call.Arguments);
            device = _devices.Resolve(call.RequestedDevice);
            request = new PolicyRequest(call.Tool, device.Name, call.Grant, call.Arguments, toolIsReadOnly);
            plan = Engine.Plan(request);
            // Pixels before the first screenshot are read against the capture size, which one frame tells; reading it
            // acts on nothing, so it may run before the policy decides.
            await device.PrepareCoordinatesAsync(plan.Steps.SelectMany(s => s.Targets).Any(t => !t.Normalized), cancellationToken);
            CheckTargets(device, plan);
        }
        catch (ArgumentException e)
        {
            return Invalid(call, DeviceForAudit(call.RequestedDevice), e);
        }

        var decision = Engine.Decide(request, plan);
        if (decision.Kind is DecisionKind.Deny or DecisionKind.RateLimited)
        {
            return Refuse(call, device.Name, decision);
        }

        var decisionName = "allow";
        if (decision.Kind == DecisionKind.NeedsApproval)
        {
            ApprovalOutcome approval;
            try
            {
                approval = await ApprovalPrompt.AskAsync(
                    context,
                    ApprovalFor(call, device.Name, decision),
                    ApprovalBinding.For(call.Grant, call.Tool, device.Name, call.Arguments),
                    _approvalStates,
                    cancellationToken);
            }
            catch (InputRequiredException)
            {
                // The question goes to the client; the call runs only when it comes back answered, and takes its slot then.
                decision.Reservation?.Release();
                TryAudit(call, device.Name, "approval_requested", decision.Rule, "awaiting_answer", null, plan);
                throw;
            }
            catch
            {
                // The call never ran, so it must not use up a rate-limit slot.
                decision.Reservation?.Release();
                throw;
            }

            if (approval.Status != ApprovalStatus.Approved)
            {
                decision.Reservation?.Release();
                return Refusal(call, device.Name, decision, approval.AuditName, $"Not approved (rule {decision.Rule}): {approval.Explanation}");
            }

            decisionName = approval.AuditName;
        }

        // The decision line goes out before the action: if it cannot be written, the action does not happen.
        try
        {
            WriteAudit(call, device.Name, decisionName, decision.Rule, "pending", null, plan);
        }
        catch (AuditWriteException e)
        {
            decision.Reservation?.Release();
            return Refusal(
                call,
                device.Name,
                decision,
                "audit_failed",
                $"Refused by the NanoKvm safety layer: {e.Message}, and no action runs without its audit line. The action was not run.",
                audit: false);
        }

        try
        {
            var result = await next(context, cancellationToken);
            Outcome(call, device.Name, decisionName, decision.Rule, result.IsError == true ? "error" : "ok", result.IsError == true ? FirstText(result) : null);
            return result;
        }
        catch (LeaseConflictException e)
        {
            // Another client drives the device: nothing was done, so the call keeps no rate-limit slot.
            decision.Reservation?.Release();
            Outcome(call, device.Name, "lease_held", decision.Rule, "refused", e.Message);
            return Refusal(call, device.Name, decision, "lease_held", e.Message, audit: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Outcome(call, device.Name, decisionName, decision.Rule, "error", "cancelled");
            throw;
        }
        catch (Exception e)
        {
            Outcome(call, device.Name, decisionName, decision.Rule, "error", e is McpException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <summary>Closes the audit log when the gate opened it.</summary>
    public void Dispose()
    {
        if (_ownsAudit)
        {
            _audit?.Dispose();
        }
    }

    /// <summary>Positions must lie on the latest screenshot; checked with the same mapping the tools use.</summary>
    private static void CheckTargets(KvmDevice device, ActionPlan plan)
    {
        foreach (var target in plan.Steps.SelectMany(s => s.Targets))
        {
            try
            {
                device.Screen.ToFrameFraction(target.X, target.Y, target.Normalized);
            }
            catch (ArgumentException e) when (target.Where != "x")
            {
                var message = e.Message.Split(" (Parameter", 2)[0];
                throw target.Where == "to_x"
                    ? new ArgumentException(message.Replace(e.ParamName + " must", "to_" + e.ParamName + " must", StringComparison.Ordinal), "to_" + e.ParamName, e)
                    : new ArgumentException($"{e.ParamName}: {message}", target.Where, e);
            }
        }
    }

    private static ApprovalRequest ApprovalFor(Call call, string device, PolicyDecision decision) => new(
        call.Tool,
        device,
        call.Arguments,
        [.. decision.Approvers.Select(a => new ApprovalRule($"tools.{a.ToolName}.action", a.Reason, a.ApproveLongValues))]);

    private CallToolResult Invalid(Call call, string device, ArgumentException error)
    {
        var decision = new PolicyDecision { Kind = DecisionKind.Invalid, Rule = "(arguments)", Message = error.Message, Error = error };
        return Refusal(call, device, decision, "invalid", ToolErrorFilter.Describe(error, call.Tool, call.RequestedDevice));
    }

    private CallToolResult Refuse(Call call, string device, PolicyDecision decision) => decision.Kind == DecisionKind.RateLimited
        ? Refusal(call, device, decision, "rate_limited", $"Rate limited by the NanoKvm safety policy (rule {decision.Rule}): {decision.Message}.{ReasonSuffix(decision)}")
        : Refusal(call, device, decision, "deny", $"Refused by the NanoKvm safety policy (rule {decision.Rule}): {decision.Message}.{ReasonSuffix(decision)}");

    private CallToolResult Refusal(Call call, string device, PolicyDecision decision, string auditDecision, string message, bool audit = true)
    {
        if (audit)
        {
            TryAudit(call, device, auditDecision, decision.Rule, "refused", message, decision.Plan);
        }

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

    /// <summary>Writes the decision line of a call. Throws when it cannot, so the caller can refuse the action.</summary>
    private void WriteAudit(Call call, string device, string decision, string? rule, string outcome, string? error, ActionPlan? plan) =>
        _audit?.Write(new AuditRecord
        {
            Time = _options.TimeProvider.GetUtcNow(),
            Phase = AuditPhase.Decision,
            Call = call.Number,
            Grant = call.Grant,
            Device = device,
            Tool = call.Tool,
            Arguments = call.Arguments,
            Actions = plan?.Totals(),
            Decision = decision,
            Rule = rule,
            Outcome = outcome,
            Error = error,
            DurationMs = Stopwatch.GetElapsedTime(call.Started).TotalMilliseconds,
        });

    /// <summary>For calls that are refused anyway: a lost line is reported, and the call stays refused.</summary>
    private void TryAudit(Call call, string device, string decision, string? rule, string outcome, string? error, ActionPlan? plan)
    {
        try
        {
            WriteAudit(call, device, decision, rule, outcome, error, plan);
        }
        catch (AuditWriteException e)
        {
            LogAuditLost(_logger, call.Number, call.Tool, e.Message);
        }
    }

    /// <summary>The outcome line: the tool has run, so its result stands even if the line is lost; the loss is reported.</summary>
    private void Outcome(Call call, string device, string decision, string? rule, string outcome, string? error)
    {
        try
        {
            _audit?.Write(new AuditRecord
            {
                Time = _options.TimeProvider.GetUtcNow(),
                Phase = AuditPhase.Outcome,
                Call = call.Number,
                Grant = call.Grant,
                Device = device,
                Tool = call.Tool,
                Decision = decision,
                Rule = rule,
                Outcome = outcome,
                Error = error,
                DurationMs = Stopwatch.GetElapsedTime(call.Started).TotalMilliseconds,
            });
        }
        catch (AuditWriteException e)
        {
            LogAuditLost(_logger, call.Number, call.Tool, e.Message);
        }
    }

    private string? RequestedDevice(IDictionary<string, JsonElement>? arguments) =>
        arguments is not null &&
        arguments.TryGetValue(_options.DeviceArgument, out var value) &&
        value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The configured name when the device resolves, else the name as sent (for calls refused before resolution).</summary>
    private string DeviceForAudit(string? requested)
    {
        try
        {
            return _devices.Resolve(requested).Name;
        }
        catch (UnknownDeviceException)
        {
            return requested!;
        }
    }

    private static string ReasonSuffix(PolicyDecision decision) =>
        string.IsNullOrWhiteSpace(decision.Reason) ? string.Empty : $" Policy reason: {decision.Reason}";

    private static string? FirstText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit line of call {Call} ({Tool}) was not written: {Problem}")]
    private static partial void LogAuditLost(ILogger logger, long call, string tool, string problem);

    /// <summary>One call as the gate tracks it.</summary>
    private sealed record Call(long Number, long Started, string Grant, string Tool, IDictionary<string, JsonElement>? Arguments, string? RequestedDevice);
}
