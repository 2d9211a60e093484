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
        var token = context.Request.Cookies[CookieName];

        // Pro middleware/jwt.go: the Authorization header is read only when no cookie is present at all.
        if (token is null && emulator.Profile.AcceptsBearerToken
            && context.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            token = header["Bearer ".Length..];
        }

        var principal = emulator.Auth.Validate(token);
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
