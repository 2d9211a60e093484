using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What <c>nanokvm_hardware</c> returns.</summary>
internal sealed record HardwareResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The hardware version as the KVM reports it, e.g. Beta.")] string Version,
    [property: Description("alpha, beta, pcie, pro (NanoKVM-Pro, Desk or ATX) or unknown.")] string Generation);
