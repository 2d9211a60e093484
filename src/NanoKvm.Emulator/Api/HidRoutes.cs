using System.Globalization;
using System.Text;
using NanoKvm.Emulator.Auth;
using NanoKvm.Emulator.Hid;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/ws</c> and <c>/api/hid/*</c>: HID input, paste, LEDs and reset (<c>/api/hid/mode</c> lives elsewhere).</summary>
internal static class HidRoutes
{
    public static void MapHidRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        var device = HidDevice.Of(emulator);
        var profile = emulator.Profile;

        app.MapDevice(emulator, "GET", "/api/ws", Role.Any, async (context, principal) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("Bad Request", context.RequestAborted);
                return;
            }

            if (profile.ChecksWebSocketOrigin && !OriginMatches(context.Request))
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync("Forbidden", context.RequestAborted);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await new HidConnection(device, socket).RunAsync(principal, context.RequestAborted);
        });

        app.MapDevice(emulator, "POST", "/api/hid/paste", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var content = body?.GetString("content");
            if (string.IsNullOrEmpty(content))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var runes = content.EnumerateRunes().ToList();
            if (profile.PasteLimitRunes is { } runeLimit && runes.Count > runeLimit)
            {
                await Envelope.Fail(context, -2, "content too long");
                return;
            }

            if (profile.PasteLimitBytes is { } byteLimit && Encoding.UTF8.GetByteCount(content) > byteLimit)
            {
                await Envelope.Fail(context, -2, "content too long");
                return;
            }

            var map = PasteMaps.For(body!.GetString("langue"), profile.PasteLanguages);
            if (!device.TryBeginPaste())
            {
                await Envelope.Fail(context, -3, "HID control is busy");
                return;
            }

            try
            {
                foreach (var rune in runes)
                {
                    if (context.RequestAborted.IsCancellationRequested)
                    {
                        break;
                    }

                    if (!rune.IsBmp || !map.TryGetValue((char)rune.Value, out var key))
                    {
                        continue;
                    }

                    device.WriteKeyboard([key.Modifiers, 0, key.Usage, 0, 0, 0, 0, 0]);
                    device.WriteKeyboard(new byte[8]);
                    try
                    {
                        await emulator.DelayAsync(profile.PasteCharacterDelay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                device.WriteKeyboard(new byte[8]);
            }
            finally
            {
                device.EndPaste();
            }

            await Envelope.Ok(context);
        });

        if (profile.HasKeyboardLedsEndpoint)
        {
            app.MapDevice(emulator, "GET", "/api/hid/leds", Role.Any, (context, _) =>
            {
                var leds = emulator.Host.Keyboard.Leds;
                return Envelope.Ok(context, new
                {
                    numLock = leds.NumLock,
                    capsLock = leds.CapsLock,
                    scrollLock = leds.ScrollLock,
                    known = leds.Known,
                    updatedAt = leds.UpdatedAt is { } at ? at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) : string.Empty,
                });
            });
        }

        app.MapDevice(emulator, "POST", "/api/hid/reset", Role.Admin, async (context, _) =>
        {
            // The device rebuilds the USB gadget; the host sees a re-plug, which releases everything.
            device.ReleaseAll();
            await emulator.DelayAsync(TimeSpan.FromMilliseconds(500), context.RequestAborted);
            await Envelope.Ok(context);
        });
    }

    /// <summary>Multi-user firmware: an Origin header, when present, must name this host (default ports per scheme).</summary>
    private static bool OriginMatches(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        var host = request.Host;
        var requestPort = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(originUri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && originUri.Port == requestPort;
    }
}
