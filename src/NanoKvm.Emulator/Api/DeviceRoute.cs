using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary>Maps a route behind the device's session check (cookie → 401, role → 403 on multi-user firmware).</summary>
internal static class DeviceRoute
{
    public const string CookieName = "nano-kvm-token";

    public static IEndpointConventionBuilder MapDevice(
        this IEndpointRouteBuilder routes,
        NanoKvmEmulator emulator,
        string method,
        string pattern,
        Role role,
        Func<HttpContext, Principal, Task> handler) =>
        routes.MapMethods(pattern, [method], async (HttpContext context) =>
        {
            var principal = await AuthorizeAsync(context, emulator, role);
            if (principal is not null)
            {
                await handler(context, principal);
            }
        });

    /// <summary>Checks the session; on failure writes 401/403 and returns null.</summary>
    public static async Task<Principal?> AuthorizeAsync(HttpContext context, NanoKvmEmulator emulator, Role role)
    {
        var principal = emulator.Auth.Validate(context.Request.Cookies[CookieName]);
        if (principal is null)
        {
            await Envelope.Unauthorized(context);
            return null;
        }

        if (role == Role.Admin && emulator.Profile.HasRoles && !principal.IsAdmin)
        {
            await Envelope.Forbidden(context);
            return null;
        }

        return principal;
    }
}
