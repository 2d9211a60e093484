using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Leases;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>Who drives a device's keyboard, mouse and power when several clients share one server.</summary>
[McpServerToolType]
internal sealed class LeaseTools(DeviceRegistry registry, LeaseManager leases)
{
    [McpServerTool(Name = "nanokvm_lease", Title = "Show, take or give up control of a device's input",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("When several agents share this server, only one at a time drives a device's keyboard, mouse and power: " +
        "the first input call takes the device's lease, and it ends after the holder has been idle for a while. " +
        "'status' shows the holder; 'acquire' takes the lease before a sequence of inputs; 'release' gives it up " +
        "(releasing any held key or button). 'acquire' with force=true takes it from another holder, whose running " +
        "input is stopped — use only when that holder is stuck or gone. Reading the screen needs no lease.")]
    public async Task<LeaseResult> LeaseAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("status (default), acquire or release.")] LeaseAction action = LeaseAction.Status,
        [Description("With acquire: take the lease even from another holder.")] bool force = false,
        [Description(ToolText.Device)] string? device = null)
    {
        var kvm = registry.Resolve(device);
        var caller = LeaseFilter.Holder(context);
        string message;
        switch (action)
        {
            case LeaseAction.Acquire:
                var before = leases.Current(kvm.Name);
                await leases.AcquireAsync(kvm.Name, caller, force);
                message = before is not null && before.Holder != caller
                    ? $"Took the lease over from '{before.Holder}'; its held keys and buttons were released and its running input stopped."
                    : "You hold the lease; other clients' input is refused until you release it or stay idle past the timeout.";
                break;
            case LeaseAction.Release:
                message = await leases.ReleaseAsync(kvm.Name, caller)
                    ? "Released the lease and every held key and button."
                    : "You did not hold the lease; nothing changed.";
                break;
            default:
                message = "Lease status.";
                break;
        }

        var now = leases.Current(kvm.Name);
        return new LeaseResult(
            kvm.Name,
            now?.Holder,
            now?.Holder == caller,
            now?.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            leases.IdleTimeout.TotalSeconds,
            now is null && action == LeaseAction.Status ? "Nobody holds the lease; the next input call takes it." : message);
    }
}
