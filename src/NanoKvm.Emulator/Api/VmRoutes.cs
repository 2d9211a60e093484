using NanoKvm.Emulator.Auth;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/vm/*</c>: device information, hardware, ATX GPIO, HDMI and screen settings.</summary>
internal static class VmRoutes
{
    public static void MapVmRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        app.MapDevice(emulator, "GET", "/api/vm/info", Role.Any, (context, _) => emulator.Profile.IsPro
            ? Pro.ProDeviceInfo.WriteAsync(context, emulator)
            : Envelope.Ok(context, new
            {
                ips = new[] { new { name = "eth0", addr = "192.168.1.50", version = "IPv4", type = "Wired" } },
                mdns = "kvm-emulated.local",
                image = "v1.4.1",
                application = emulator.Profile.Application,
                deviceKey = emulator.DeviceKey,
            }));

        app.MapDevice(emulator, "GET", "/api/vm/hardware", Role.Any, (context, _) =>
            Envelope.Ok(context, new { version = emulator.Profile.IsPro ? "Pro" : emulator.Options.Hardware }));

        // ATX buttons: the device holds the GPIO for the whole duration before answering.
        app.MapDevice(emulator, "POST", "/api/vm/gpio", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            if (body is null || !body.Has("type") || body.GetString("type") is null
                || (body.Has("duration") && body.GetInt64("duration") is null))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var type = body.GetString("type");
            AtxButton button;
            switch (type)
            {
                case "power":
                    button = AtxButton.Power;
                    break;
                case "reset":
                    button = AtxButton.Reset;
                    break;
                default:
                    await Envelope.Fail(context, -2, $"invalid power event: {type}");
                    return;
            }

            var milliseconds = body.GetInt64("duration") ?? 0;
            var duration = milliseconds > 0 ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.FromMilliseconds(800);
            // The firmware sleeps without watching the connection: a client that gives up does not shorten the press.
            await emulator.DelayAsync(duration, CancellationToken.None);
            emulator.Host.Power.Press(button, duration);
            await Envelope.Ok(context);
        });

        app.MapDevice(emulator, "GET", "/api/vm/gpio", Role.Any, (context, _) =>
            Envelope.Ok(context, new { pwr = emulator.Host.Power.PowerLed, hdd = emulator.Host.Power.HddLed }));
    }
}
