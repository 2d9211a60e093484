using System.Text.Json;

namespace NanoKvm.Mcp.Audit;

/// <summary>One tool call as the audit log records it.</summary>
internal sealed class AuditRecord
{
    public required DateTimeOffset Time { get; init; }

    public required string Device { get; init; }

    public required string Tool { get; init; }

    /// <summary>Arguments as sent; redacted when written.</summary>
    public IDictionary<string, JsonElement>? Arguments { get; init; }

    /// <summary>allow, deny, rate_limited, approved or not_approved.</summary>
    public required string Decision { get; init; }

    /// <summary>The policy rule that decided (a field path such as <c>tools.nanokvm_click.limits[0]</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>ok or error (refused calls are errors too: the client received an error result).</summary>
    public required string Outcome { get; init; }

    public string? Error { get; init; }

    public required double DurationMs { get; init; }
}
