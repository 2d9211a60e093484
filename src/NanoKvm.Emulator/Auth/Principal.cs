namespace NanoKvm.Emulator.Auth;

/// <summary>Who a request runs as.</summary>
/// <param name="Username">Account name.</param>
/// <param name="IsAdmin">True for the admin role.</param>
/// <param name="ServerLifetime">Cancelled when the emulated server restarts (every token dies).</param>
/// <param name="AccountRevocation">Cancelled when this account's sessions are revoked (multi-user firmware).</param>
public sealed record Principal(string Username, bool IsAdmin, CancellationToken ServerLifetime, CancellationToken AccountRevocation)
{
    /// <summary>A source cancelled on restart, on revocation or when <paramref name="other"/> is cancelled; dispose it.</summary>
    public CancellationTokenSource LinkRevocation(CancellationToken other) =>
        CancellationTokenSource.CreateLinkedTokenSource(ServerLifetime, AccountRevocation, other);
}

/// <summary>Which role a route needs on multi-user firmware.</summary>
public enum Role
{
    /// <summary>Any logged-in account.</summary>
    Any,

    /// <summary>Admin accounts only (403 "forbidden" for others).</summary>
    Admin,
}
