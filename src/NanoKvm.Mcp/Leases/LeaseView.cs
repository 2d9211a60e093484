namespace NanoKvm.Mcp.Leases;

/// <summary>Who drives a device's input, and until when (if they stay idle).</summary>
/// <param name="Device">Canonical device name.</param>
/// <param name="Holder">The holder's name (its API key's name over HTTP, <c>stdio</c> for a stdio client).</param>
/// <param name="ExpiresAt">When the lease ends unless the holder sends more input; while a call runs it does not end.</param>
/// <param name="Busy">True while one of the holder's input calls is running.</param>
internal sealed record LeaseView(string Device, string Holder, DateTimeOffset ExpiresAt, bool Busy);
