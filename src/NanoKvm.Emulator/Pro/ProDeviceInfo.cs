using NanoKvm.Emulator.Api;

namespace NanoKvm.Emulator.Pro;

/// <summary>
/// <c>GET /api/vm/info</c> as the Pro answers it (<c>service/vm/info.go</c>, <c>proto.GetInfoRsp</c> @1.2.15): the Cube's
/// fields plus <c>pn</c> (last token of the LT6911 version string, untrimmed) and <c>arch</c>.
/// </summary>
internal static class ProDeviceInfo
{
    public static Task WriteAsync(HttpContext context, NanoKvmEmulator emulator) =>
        Envelope.Ok(context, new
        {
            ips = new[] { new { name = "eth0", addr = "192.168.1.60", version = "IPv4", type = "Wired" } },
            mdns = "kvm-pro-emulated.local",
            image = "v1.0.13",
            application = emulator.Profile.Application,
            deviceKey = emulator.DeviceKey,
            pn = emulator.Options.ProPartNumber,
            arch = "aarch64",
        });
}
