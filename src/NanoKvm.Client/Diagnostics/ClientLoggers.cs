using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NanoKvm.Client.Diagnostics;

/// <summary>
/// One log category per area (<c>NanoKvm.Client.Hid</c>, <c>.Video</c>, …), so an application can turn up one
/// area (say the HID socket) without the rest. The area names are listed in docs/observability.md.
/// </summary>
internal sealed class ClientLoggers(ILoggerFactory factory)
{
    public static ClientLoggers None { get; } = new(NullLoggerFactory.Instance);

    /// <summary>Firmware detection and the client as a whole.</summary>
    public ILogger Client { get; } = factory.CreateLogger("NanoKvm.Client");

    /// <summary>REST calls and WebSocket/stream opening.</summary>
    public ILogger Http { get; } = factory.CreateLogger("NanoKvm.Client.Http");

    /// <summary>Login and session renewal.</summary>
    public ILogger Auth { get; } = factory.CreateLogger("NanoKvm.Client.Auth");

    /// <summary>The HID WebSocket: connects, reconnects, releases.</summary>
    public ILogger Hid { get; } = factory.CreateLogger("NanoKvm.Client.Hid");

    /// <summary>MJPEG frames, screenshots, frame detection.</summary>
    public ILogger Video { get; } = factory.CreateLogger("NanoKvm.Client.Video");

    /// <summary>Images, mounting, downloads.</summary>
    public ILogger Media { get; } = factory.CreateLogger("NanoKvm.Client.Media");

    /// <summary>ATX buttons and LEDs.</summary>
    public ILogger Power { get; } = factory.CreateLogger("NanoKvm.Client.Power");
}
