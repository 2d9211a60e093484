using System.Text.Json;
using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/vm/screen</c> and <c>/api/vm/hdmi*</c>: capture settings and HDMI state.</summary>
internal static class ScreenRoutes
{
    private const int MaxIdleTimeoutMinutes = 7 * 24 * 60;

    public static void MapScreenRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        var screen = emulator.Host.Screen;

        app.MapDevice(emulator, "POST", "/api/vm/screen", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var type = body?.GetString("type");
            JsonElement raw = default;
            var hasValue = body is not null && body.TryGet("value", out raw);
            if (body is null || string.IsNullOrEmpty(type)
                || (hasValue && (raw.ValueKind != JsonValueKind.Number || !raw.TryGetInt32(out int _))))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var value = hasValue ? raw.GetInt32() : 0;
            if (type is not ("type" or "gop" or "fps" or "quality" or "resolution"))
            {
                // The device writes the value to a file named after the type; unknown types have no file.
                await Envelope.Fail(context, -2, "update screen failed");
                return;
            }

            screen.Settings.Apply(type, value);
            await Envelope.Ok(context);
        });

        // server/router/vm.go routes POST /vm/hdmi/reset on every 2.x release (2.2.0: service/vm/hdmi.go ResetHdmi,
        // capture off, 1 s, on); the state and enable/disable routes arrive in 2.2.8.
        app.MapDevice(emulator, "POST", "/api/vm/hdmi/reset", Role.Any, async (context, _) =>
        {
            await screen.Capture.ResetAsync(context.RequestAborted);
            await Envelope.Ok(context);
        });

        if (emulator.Profile.HasHdmiState)
        {
            app.MapDevice(emulator, "GET", "/api/vm/hdmi", Role.Any, (context, _) =>
            {
                var enabled = screen.HdmiEnabled;
                var data = new Dictionary<string, object> { ["enabled"] = enabled };
                if (emulator.Profile.HdmiReportsSignal)
                {
                    data["signal"] = enabled && screen.HasSignal;
                }

                if (emulator.Profile.HdmiReportsIdleTimeout)
                {
                    data["idleTimeout"] = screen.IdleTimeoutMinutes;
                }

                return Envelope.Ok(context, data);
            });

            app.MapDevice(emulator, "POST", "/api/vm/hdmi/enable", Role.Admin, (context, _) =>
            {
                screen.Capture.Enable();
                return Envelope.Ok(context);
            });

            app.MapDevice(emulator, "POST", "/api/vm/hdmi/disable", Role.Admin, (context, _) =>
            {
                screen.Capture.Disable();
                return Envelope.Ok(context);
            });
        }

        if (emulator.Profile.HdmiReportsIdleTimeout)
        {
            app.MapDevice(emulator, "POST", "/api/vm/hdmi/timeout", Role.Admin, async (context, _) =>
            {
                var body = await RequestBody.ReadAsync(context);
                var minutes = body?.GetInt64("minutes");
                if (body is null || (body.Has("minutes") && minutes is null) || minutes is < 0 or > MaxIdleTimeoutMinutes)
                {
                    await Envelope.Fail(context, -1, "invalid arguments");
                    return;
                }

                screen.Capture.SetIdleTimeout((int)(minutes ?? 0));
                await Envelope.Ok(context);
            });
        }
    }
}
