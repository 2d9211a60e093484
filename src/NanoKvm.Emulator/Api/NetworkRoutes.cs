using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/network/*</c>: Wake-on-LAN (any account) and the remembered MAC list.</summary>
internal static class NetworkRoutes
{
    public static void MapNetworkRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        app.MapDevice(emulator, "POST", "/api/network/wol", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var raw = body?.GetString("mac");
            if (raw is null)
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var mac = NormalizeMac(raw);
            if (mac is null)
            {
                await Envelope.Fail(context, -2, "invalid MAC address");
                return;
            }

            emulator.Host.Power.WakeOnLan(mac);
            await Envelope.Ok(context);
        });

        app.MapDevice(emulator, "GET", "/api/network/wol/mac", Role.Any, (context, _) =>
            Envelope.Ok(context, new { macs = emulator.Host.Power.RememberedMacs }));
    }

    /// <summary>The firmware's rule: drop <c>-</c>, <c>:</c> and <c>.</c>, require 12 hex digits, format <c>AA:BB:…</c>.</summary>
    internal static string? NormalizeMac(string raw)
    {
        var digits = raw.Trim().ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(":", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 12 || !digits.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return string.Join(':', Enumerable.Range(0, 6).Select(i => digits.Substring(i * 2, 2)));
    }
}
