namespace NanoKvm.Mcp.Policy;

/// <summary>Which calls share one bucket of a named counter.</summary>
internal enum LimitScope
{
    /// <summary>
    /// One bucket per client connection (MCP session): every tool and every device that names the counter
    /// draws from it. Over stdio there is exactly one connection per process, so this is the gateway meaning
    /// of "the grant this client holds".
    /// </summary>
    Grant,

    /// <summary>One bucket per tool name (and counter), shared by all devices and connections.</summary>
    Tool,

    /// <summary>One bucket per device name (and counter), shared by all tools and connections.</summary>
    Device,

    /// <summary>One bucket for the whole server process, shared by every connection, tool and device.</summary>
    Global,
}

internal static class LimitScopeExtensions
{
    public static string ToPolicyName(this LimitScope scope) => scope switch
    {
        LimitScope.Grant => "grant",
        LimitScope.Tool => "tool",
        LimitScope.Device => "device",
        LimitScope.Global => "global",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown scope."),
    };
}
