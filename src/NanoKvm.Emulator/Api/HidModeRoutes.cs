using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary>
/// <c>/api/hid/mode</c>: the USB gadget mode (normal, or HID-only without virtual disk and network). Setting it
/// rewrites the device's USB init script and reboots the device shortly after replying. Routed from 2.2.5
/// (<c>server/router/hid.go</c>); older releases answer gin's 404.
/// </summary>
internal static class HidModeRoutes
{
    public static void MapHidModeRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        if (!emulator.Profile.HasHidMode)
        {
            return;
        }

        app.MapDevice(emulator, "GET", "/api/hid/mode", Role.Any, (context, _) =>
            Envelope.Ok(context, new { mode = emulator.Storage.HidMode }));

        app.MapDevice(emulator, "POST", "/api/hid/mode", Role.Admin, async (context, caller) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var mode = body?.GetString("mode");
            if (mode is not ("normal" or "hid-only"))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            if (!emulator.Profile.HidModeReboots)
            {
                // Pro service/hid/mode.go: re-runs usbdev.sh, sleeps 3 s, answers; no reboot, sessions survive.
                if (mode != emulator.Storage.HidMode)
                {
                    emulator.Storage.SetHidMode(mode);
                    await emulator.DelayAsync(TimeSpan.FromSeconds(3), context.RequestAborted);
                }

                await Envelope.Ok(context);
                return;
            }

            emulator.Storage.SetHidMode(mode);
            await Envelope.Ok(context);
            await context.Response.CompleteAsync();

            // The device reboots ~0.5 s after answering: every session dies with the new JWT secret.
            _ = RebootLaterAsync(emulator);
        });
    }

    private static async Task RebootLaterAsync(NanoKvmEmulator emulator)
    {
        await emulator.DelayAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(false);
        emulator.Restart();
    }
}
