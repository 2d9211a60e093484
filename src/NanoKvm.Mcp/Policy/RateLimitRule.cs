namespace NanoKvm.Mcp.Policy;

/// <summary>At most <see cref="Max"/> admitted calls per <see cref="Window"/> on the counter <see cref="Counter"/>.</summary>
/// <param name="Counter">Counter name; every tool naming the same counter (in the same scope bucket) shares it.</param>
/// <param name="Window">Sliding window length.</param>
/// <param name="Max">Calls admitted within any window; at least 1.</param>
/// <param name="Scope">Which calls share a bucket.</param>
/// <param name="Path">Where the rule sits in the policy file, e.g. <c>tools.nanokvm_click.limits[0]</c>.</param>
internal sealed record RateLimitRule(string Counter, LimitWindow Window, int Max, LimitScope Scope, string Path)
{
    public string Describe() => $"{Max} per {Window.ToPolicyName()}, scope {Scope.ToPolicyName()}";
}
