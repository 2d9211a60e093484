using System.Globalization;
using NanoKvm.Mcp.Policy.Actions;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Decides each tool call by what it does, not by its name. Order: read-only mode and the actions every call of
/// the tool counts as (<see cref="Screen"/>); then the call's plan from the <see cref="ActionTable"/>; then, for every
/// action of every step, the action (or the default), the argument rules and the rate limits (slots are taken here,
/// atomically, before the call starts); then approval. A call refused at one step is never counted by the later ones.
/// </summary>
internal sealed class PolicyEngine
{
    public const string ReadOnlyRule = "--read-only";

    /// <summary>The rule named when a tool has no entry in the action table.</summary>
    public const string UnmappedRule = "(action table)";

    private readonly RateLimiter _limiter;
    private readonly ToolCatalog _catalog;

    public PolicyEngine(SafetyPolicy policy, bool readOnly, TimeProvider timeProvider, ToolCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Policy = policy;
        ReadOnly = readOnly;
        _limiter = new RateLimiter(timeProvider);
        _catalog = catalog ?? ToolCatalog.Empty;
    }

    public SafetyPolicy Policy { get; }

    public bool ReadOnly { get; }

    /// <summary>
    /// Whether <c>tools/list</c> shows the tool: not when <see cref="Screen"/> refuses every call of it, because no
    /// call could succeed.
    /// </summary>
    public bool IsListed(string toolName, bool toolIsReadOnly) => Screen(toolName, toolIsReadOnly) is null;

    /// <summary>
    /// The refusal that depends on the tool alone: read-only mode, a tool the action table does not describe, or an
    /// action every call of the tool counts as being denied. Null when calls of the tool may be admitted.
    /// </summary>
    public PolicyDecision? Screen(string toolName, bool toolIsReadOnly)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        if (ReadOnly && !toolIsReadOnly)
        {
            return Refuse(
                ReadOnlyRule,
                $"the server runs in read-only mode and '{toolName}' can change the target or the device",
                reason: null);
        }

        if (!ActionTable.Covers(toolName))
        {
            return Refuse(UnmappedRule, new UnmappedToolException(toolName).Message.TrimEnd('.'), reason: null);
        }

        foreach (var action in ActionTable.AlwaysCountsAs(toolName))
        {
            if (Denial(toolName, string.Empty, action) is { } denied)
            {
                return denied;
            }
        }

        return null;
    }

    /// <summary>What the call does, with the tool's declared defaults filled in.</summary>
    /// <exception cref="ArgumentException">The arguments do not say what would be done.</exception>
    /// <exception cref="UnmappedToolException">The action table does not describe the tool.</exception>
    public ActionPlan Plan(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActionTable.Plan(request.ToolName, _catalog.WithDefaults(request.ToolName, request.Arguments), request.Device);
    }

    /// <summary><see cref="Screen"/>, <see cref="Plan"/> and <see cref="Decide"/> in one.</summary>
    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Screen(request.ToolName, request.ToolIsReadOnly) is { } refused)
        {
            return refused;
        }

        ActionPlan plan;
        try
        {
            plan = Plan(request);
        }
        catch (ArgumentException e)
        {
            return new PolicyDecision { Kind = DecisionKind.Invalid, Rule = "(arguments)", Message = e.Message, Error = e };
        }

        return Decide(request, plan);
    }

    /// <summary>Applies every policy entry that governs an action of the plan; takes rate-limit slots when it admits the call.</summary>
    public PolicyDecision Decide(PolicyRequest request, ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);

        foreach (var step in plan.Steps)
        {
            foreach (var counted in step.Counts)
            {
                if (Denial(request.ToolName, step.Origin, counted.Tool) is { } denied)
                {
                    return WithPlan(denied, plan);
                }
            }
        }

        foreach (var step in plan.Steps)
        {
            foreach (var counted in step.Counts)
            {
                if (Policy.Find(counted.Tool) is not { } entry)
                {
                    continue;
                }

                var arguments = counted.FillDefaults ? _catalog.WithDefaults(counted.Tool, counted.Arguments) : counted.Arguments;
                foreach (var rule in entry.Arguments)
                {
                    if (ArgumentRuleChecker.Check(rule, arguments) is { } problem)
                    {
                        return WithPlan(Refuse(rule.Path, Subject(request.ToolName, step.Origin, counted.Tool, problem), entry.Reason), plan);
                    }
                }
            }
        }

        var own = Policy.Find(request.ToolName);
        LimitReservation? reservation = null;
        var demands = Demands(request, plan);
        if (demands.Count > 0)
        {
            var outcome = _limiter.TryReserve(demands);
            if (outcome.Blocking is { } blocking)
            {
                return WithPlan(LimitRefusal(outcome, blocking, Policy.Find(ToolOf(blocking.Rule))?.Reason), plan);
            }

            reservation = outcome.Reservation;
        }

        var approvers = plan.Steps
            .SelectMany(s => s.Counts)
            .Select(c => Policy.Find(c.Tool))
            .OfType<ToolPolicy>()
            .Where(e => e.Action == PolicyAction.Approve)
            .Distinct()
            .ToList();

        if (approvers.Count > 0)
        {
            return new PolicyDecision
            {
                Kind = DecisionKind.NeedsApproval,
                Rule = $"tools.{approvers[0].ToolName}.action",
                Message = $"'{request.ToolName}' needs a human's approval",
                Reason = approvers[0].Reason,
                Reservation = reservation,
                Plan = plan,
                Approvers = approvers,
            };
        }

        return new PolicyDecision
        {
            Kind = DecisionKind.Allow,
            Rule = own is null ? "default" : $"tools.{request.ToolName}",
            Message = own is null ? "allowed by the policy default" : "allowed by the policy",
            Reason = own?.Reason,
            Reservation = reservation,
            Plan = plan,
        };
    }

    /// <summary>Number of slots currently taken on the bucket a call of the rule's own tool counts in (tests and diagnostics).</summary>
    public int CountInWindow(RateLimitRule rule, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        return _limiter.Count(BucketKey(rule, ToolOf(rule), request), rule.Window);
    }

    /// <summary>
    /// The slots a call needs, per limit and bucket. Within one step an action counted under several entries that
    /// share a counter takes that counter's slots once (a tap limited as a tap and as a click on the same counter is
    /// one action), as many as the largest count among them (a double-click is two clicks).
    /// </summary>
    private List<LimitDemand> Demands(PolicyRequest request, ActionPlan plan)
    {
        var needs = new Dictionary<string, int>(StringComparer.Ordinal);
        var rules = new List<(RateLimitRule Rule, string Key)>();
        foreach (var step in plan.Steps)
        {
            var stepNeeds = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (tool, times) in step.Counts.GroupBy(c => c.Tool, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(c => c.Times))))
            {
                foreach (var rule in Policy.Find(tool)?.Limits ?? [])
                {
                    var key = BucketKey(rule, tool, request);
                    stepNeeds[key] = Math.Max(stepNeeds.GetValueOrDefault(key), times);
                    if (!rules.Contains((rule, key)))
                    {
                        rules.Add((rule, key));
                    }
                }
            }

            foreach (var (key, count) in stepNeeds)
            {
                needs[key] = needs.GetValueOrDefault(key) + count;
            }
        }

        return [.. rules.Select(r => new LimitDemand(r.Rule, r.Key, needs[r.Key]))];
    }

    private static PolicyDecision LimitRefusal(RateLimitOutcome outcome, LimitDemand blocking, string? reason)
    {
        var rule = blocking.Rule;
        var counted = blocking.Count == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" for the {blocking.Count} actions this call counts against it");
        if (outcome.NeverFits)
        {
            return Refuse(
                rule.Path,
                $"rate limit '{rule.Counter}' ({rule.Describe()}) can never make room{counted}; split the call into smaller ones",
                reason);
        }

        var retryAfter = outcome.RetryAfter!.Value;
        var seconds = Math.Ceiling(retryAfter.TotalMilliseconds) / 1000.0;
        var room = blocking.Count == 1 ? " reached" : $" has no room{counted}";
        return new PolicyDecision
        {
            Kind = DecisionKind.RateLimited,
            Rule = rule.Path,
            Counter = rule.Counter,
            RetryAfter = retryAfter,
            RetryAt = outcome.RetryAt,
            Reason = reason,
            Message =
                $"rate limit '{rule.Counter}' ({rule.Describe()}){room}; retry after " +
                $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)} s " +
                $"(at {outcome.RetryAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)})",
        };
    }

    /// <summary>The refusal when the policy denies <paramref name="action"/>, counted for a call of <paramref name="toolName"/>; else null.</summary>
    private PolicyDecision? Denial(string toolName, string origin, string action)
    {
        var entry = Policy.Find(action);
        if ((entry?.Action ?? Policy.Default) != PolicyAction.Deny)
        {
            return null;
        }

        var own = origin.Length == 0 && action == toolName;
        if (entry is null)
        {
            return Refuse(
                "default",
                own
                    ? $"'{toolName}' is not allowed by the policy (default deny)"
                    : Subject(toolName, origin, action, "the policy does not allow it (default deny)"),
                reason: null);
        }

        return Refuse(
            $"tools.{action}.action",
            own ? $"'{toolName}' is denied by the policy" : Subject(toolName, origin, action, "the policy denies it"),
            entry.Reason);
    }

    /// <summary>Names what a rule applied to: the call itself, or the action (and batch step) it counts as.</summary>
    private static string Subject(string toolName, string origin, string action, string problem)
    {
        var who = origin.Length == 0 ? $"'{toolName}'" : $"{origin} of '{toolName}'";
        return origin.Length == 0 && action == toolName ? problem : $"{who} counts as {action}: {problem}";
    }

    /// <summary>The tool whose entry holds a limit (<c>tools.nanokvm_click.limits[0]</c> → <c>nanokvm_click</c>).</summary>
    private static string ToolOf(RateLimitRule rule)
    {
        const string prefix = "tools.";
        var end = rule.Path.LastIndexOf(".limits[", StringComparison.Ordinal);
        return rule.Path.StartsWith(prefix, StringComparison.Ordinal) && end > prefix.Length ? rule.Path[prefix.Length..end] : rule.Path;
    }

    private static string BucketKey(RateLimitRule rule, string tool, PolicyRequest request)
    {
        var discriminator = rule.Scope switch
        {
            LimitScope.Grant => request.Grant,
            LimitScope.Tool => tool,
            LimitScope.Device => request.Device,
            _ => string.Empty,
        };

        // \u001F cannot appear in names that matter here, so keys of different scopes never collide.
        return $"{rule.Counter}\u001F{rule.Scope.ToPolicyName()}\u001F{discriminator}";
    }

    private static PolicyDecision WithPlan(PolicyDecision decision, ActionPlan plan) => new()
    {
        Kind = decision.Kind,
        Rule = decision.Rule,
        Message = decision.Message,
        Reason = decision.Reason,
        Counter = decision.Counter,
        RetryAfter = decision.RetryAfter,
        RetryAt = decision.RetryAt,
        Plan = plan,
    };

    private static PolicyDecision Refuse(string rule, string message, string? reason) =>
        new() { Kind = DecisionKind.Deny, Rule = rule, Message = message, Reason = reason };
}
