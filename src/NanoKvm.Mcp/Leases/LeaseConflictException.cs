using System.Globalization;

namespace NanoKvm.Mcp.Leases;

/// <summary>Another client holds the input of the device.</summary>
internal sealed class LeaseConflictException(LeaseView lease, string requester, TimeSpan remaining)
    : Exception(Describe(lease, requester, remaining))
{
    public LeaseView Lease { get; } = lease;

    private static string Describe(LeaseView lease, string requester, TimeSpan remaining) =>
        $"Device '{lease.Device}' is being driven by '{lease.Holder}'" +
        (lease.Busy
            ? ", whose input call is running now; "
            : $"; its lease ends at {lease.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} " +
              $"(in {Math.Ceiling(remaining.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s) unless it sends more input. ") +
        $"'{requester}' may retry after that, read the screen meanwhile (read-only tools need no lease), or take over with " +
        "nanokvm_lease {\"action\":\"acquire\",\"force\":true} if the policy allows it.";
}
