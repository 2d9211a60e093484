using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

/// <summary>Runs <see cref="PolicyToolValidator"/> once the server's tool collection is known, so a bad policy fails start-up.</summary>
internal sealed class PolicyToolValidation(SafetyPolicy policy) : IPostConfigureOptions<McpServerOptions>
{
    public void PostConfigure(string? name, McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PolicyToolValidator.Validate(policy, options.ToolCollection?.Select(t => t.ProtocolTool).ToList() ?? []);
    }
}
