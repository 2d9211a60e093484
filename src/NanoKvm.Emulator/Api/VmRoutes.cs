using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/vm/*</c>: device information, hardware, ATX GPIO, HDMI and screen settings.</summary>
internal static class VmRoutes
{
    public static void MapVmRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        app.MapDevice(emulator, "GET", "/api/vm/info", Role.Any, (context, _) =>
            Envelope.Ok(context, new
            {
                ips = new[] { new { name = "eth0", addr = "192.168.1.50", version = "IPv4", type = "Wired" } },
                mdns = "kvm-emulated.local",
                image = "v1.4.1",
                application = emulator.Profile.Application,
                deviceKey = emulator.DeviceKey,
            }));

        app.MapDevice(emulator, "GET", "/api/vm/hardware", Role.Any, (context, _) =>
            Envelope.Ok(context, new { version = emulator.Options.Hardware }));
    }
}
