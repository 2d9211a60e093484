using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>The input lease of one device, as the caller sees it.</summary>
internal sealed record LeaseResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Who holds the device's input (an API key's name over HTTP, 'stdio' for a stdio client), or null when nobody does.")] string? Holder,
    [property: Description("True when the caller holds the lease.")] bool YouHold,
    [property: Description("When the lease ends unless its holder sends more input (ISO 8601 UTC), or null when nobody holds it.")] string? ExpiresAt,
    [property: Description("How long a lease lasts after its holder's last input, in seconds.")] double IdleTimeoutSeconds,
    [property: Description("What happened, in words.")] string Message);
