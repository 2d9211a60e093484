using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Http;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Configuration;

/// <summary>Everything the server was told at start-up, validated.</summary>
internal sealed class ServerSettings
{
    /// <summary>Devices by name (case-insensitive), the emulator included when <see cref="UseEmulator"/> is set.</summary>
    public IReadOnlyList<DeviceDefinition> Devices { get; init; } = [];

    /// <summary>The device a tool uses when its <c>device</c> argument is omitted.</summary>
    public string? DefaultDevice { get; init; }

    /// <summary>Run against an in-process emulator (<c>--emulator</c>).</summary>
    public bool UseEmulator { get; init; }

    /// <summary>Firmware profile of the emulator (<c>--emulator-firmware</c>), e.g. <c>2.5.1</c>.</summary>
    public string? EmulatorFirmware { get; init; }

    /// <summary>Policy, read-only mode and audit log, as the safety module parsed them.</summary>
    public SafetyOptions Safety { get; init; } = new();

    /// <summary>Level of the stderr log (<c>--log-level</c>), or null for the default.</summary>
    public LogLevel? LogLevel { get; init; }

    /// <summary>Check the devices and tools, print a report and exit (<c>--doctor</c>).</summary>
    public bool Doctor { get; init; }
    /// <summary>Serve Streamable HTTP instead of stdio (<c>--http</c>); null for stdio.</summary>
    public HttpOptions? Http { get; init; }

    /// <summary>One-shot mode: the tool to call once, then exit (<c>--call</c>).</summary>
    public OneShotRequest? OneShot { get; init; }
}

/// <summary>A single tool call made by <c>--call</c>.</summary>
/// <param name="Tool">Tool name, e.g. <c>nanokvm_screenshot</c>.</param>
/// <param name="ArgumentsJson">JSON object of arguments (<c>--args</c>), or null.</param>
/// <param name="OutputFile">Where an image result is written (<c>--out</c>), or null for a default name.</param>
internal sealed record OneShotRequest(string Tool, string? ArgumentsJson, string? OutputFile);
