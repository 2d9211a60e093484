using System.Globalization;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Decides each tool call. Order: read-only mode, the tool's action (or the default), argument rules,
/// rate limits (slots are taken here, atomically, before the call starts), then approval. A call refused at one
/// step is never counted by the later ones.
/// </summary>
internal sealed class PolicyEngine
{
    public const string ReadOnlyRule = "--read-only";

    private readonly RateLimiter _limiter;

    public PolicyEngine(SafetyPolicy policy, bool readOnly, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Policy = policy;
        ReadOnly = readOnly;
        _limiter = new RateLimiter(timeProvider);
    }

    public SafetyPolicy Policy { get; }

    public bool ReadOnly { get; }

    /// <summary>
    /// Whether <c>tools/list</c> shows the tool: hidden in read-only mode unless annotated read-only, and hidden
    /// when its action is deny (explicitly, or by a deny default with no entry allowing it), because no call to it
    /// could succeed.
    /// </summary>
    public bool IsListed(string toolName, bool toolIsReadOnly) =>
        (!ReadOnly || toolIsReadOnly) && Policy.ActionFor(toolName) != PolicyAction.Deny;

    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReadOnly && !request.ToolIsReadOnly)
        {
            return Refuse(
                ReadOnlyRule,
                $"the server runs in read-only mode and '{request.ToolName}' can change the target or the device",
                reason: null);
        }

        var tool = Policy.Find(request.ToolName);
        var action = tool?.Action ?? Policy.Default;
        if (action == PolicyAction.Deny)
        {
            return tool is null
                ? Refuse("default", $"'{request.ToolName}' is not allowed by the policy (default deny)", reason: null)
                : Refuse($"tools.{request.ToolName}.action", $"'{request.ToolName}' is denied by the policy", tool.Reason);
        }

        if (tool is null)
        {
            return new PolicyDecision { Kind = DecisionKind.Allow, Rule = "default", Message = "allowed by the policy default" };
        }

        foreach (var rule in tool.Arguments)
        {
            if (ArgumentRuleChecker.Check(rule, request.Arguments) is { } problem)
            {
                return Refuse(rule.Path, problem, tool.Reason);
            }
        }

        LimitReservation? reservation = null;
        if (tool.Limits.Count > 0)
        {
            var demands = tool.Limits.Select(rule => (rule, BucketKey(rule, request))).ToList();
            var outcome = _limiter.TryReserve(demands);
            if (outcome.BlockingRule is { } blocking)
            {
                var retryAfter = outcome.RetryAfter!.Value;
                var seconds = Math.Ceiling(retryAfter.TotalMilliseconds) / 1000.0;
                return new PolicyDecision
                {
                    Kind = DecisionKind.RateLimited,
                    Rule = blocking.Path,
                    Counter = blocking.Counter,
                    RetryAfter = retryAfter,
                    RetryAt = outcome.RetryAt,
                    Reason = tool.Reason,
                    Message =
                        $"rate limit '{blocking.Counter}' ({blocking.Describe()}) reached; retry after " +
                        $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)} s " +
                        $"(at {outcome.RetryAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)})",
                };
            }

            reservation = outcome.Reservation;
        }

        return action == PolicyAction.Approve
            ? new PolicyDecision
            {
                Kind = DecisionKind.NeedsApproval,
                Rule = $"tools.{request.ToolName}.action",
                Message = $"'{request.ToolName}' needs a human's approval",
                Reason = tool.Reason,
                Reservation = reservation,
            }
            : new PolicyDecision
            {
                Kind = DecisionKind.Allow,
                Rule = $"tools.{request.ToolName}",
                Message = "allowed by the policy",
                Reason = tool.Reason,
                Reservation = reservation,
            };
    }

    /// <summary>Number of slots currently taken on a counter bucket (tests and diagnostics).</summary>
    public int CountInWindow(RateLimitRule rule, PolicyRequest request) => _limiter.Count(BucketKey(rule, request), rule.Window);

    private static string BucketKey(RateLimitRule rule, PolicyRequest request)
    {
        var discriminator = rule.Scope switch
        {
            LimitScope.Grant => request.Grant,
            LimitScope.Tool => request.ToolName,
            LimitScope.Device => request.Device,
            _ => string.Empty,
        };

        // \u001F cannot appear in names that matter here, so keys of different scopes never collide.
        return $"{rule.Counter}\u001F{rule.Scope.ToPolicyName()}\u001F{discriminator}";
    }

    private static PolicyDecision Refuse(string rule, string message, string? reason) =>
        new() { Kind = DecisionKind.Deny, Rule = rule, Message = message, Reason = reason };
}
