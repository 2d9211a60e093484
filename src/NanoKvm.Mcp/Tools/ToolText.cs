namespace NanoKvm.Mcp.Tools;

/// <summary>Descriptions shared by several tools' parameters.</summary>
internal static class ToolText
{
    public const string Device =
        "Name of the NanoKVM to use, as listed by nanokvm_list_devices. Omit to use the default device.";
}
