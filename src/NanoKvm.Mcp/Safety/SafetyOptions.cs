using ModelContextProtocol.Server;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

/// <summary>Everything <see cref="McpSafetyBuilderExtensions.WithNanoKvmSafety"/> needs. Build it with <see cref="SafetyOptionsParser"/>.</summary>
internal sealed class SafetyOptions
{
    /// <summary>The policy in force; <see cref="SafetyPolicy.AllowAll"/> when no policy file was given.</summary>
    public SafetyPolicy Policy { get; init; } = SafetyPolicy.AllowAll;

    /// <summary>Hide and refuse every tool not annotated read-only.</summary>
    public bool ReadOnly { get; init; }

    /// <summary><c>stderr</c>, a file path, or null for no audit log.</summary>
    public string? AuditTarget { get; init; }

    /// <summary>Log <c>text</c>/<c>content</c> arguments verbatim. Secrets (pass, secret, token) are redacted regardless.</summary>
    public bool AuditFullText { get; init; }

    /// <summary>
    /// Where audit lines go instead of <see cref="AuditTarget"/> (not disposed by the server). Lets a host or a test
    /// supply its own writer.
    /// </summary>
    public TextWriter? AuditWriter { get; init; }

    /// <summary>
    /// The configured default device, as the host's settings name it. Calls are canonicalised through the device
    /// registry, whose default this names; hosts read it to describe the server.
    /// </summary>
    public string DefaultDevice { get; init; } = "default";

    /// <summary>Name of the tool argument that selects a device.</summary>
    public string DeviceArgument { get; init; } = "device";

    /// <summary>
    /// Who a call counts against for <c>grant</c>-scoped limits, read from the caller's context. The default is
    /// <see cref="CallerGrant.Of"/>; a transport that authenticates callers its own way can supply another.
    /// </summary>
    public Func<MessageContext, string> Grant { get; init; } = CallerGrant.Of;

    /// <summary>Clock for rate limits and audit timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
