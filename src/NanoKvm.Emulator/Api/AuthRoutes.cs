using System.Net;
using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/auth/*</c>: login (with the device's delays, lockout and panics), logout, account, password state.</summary>
internal static class AuthRoutes
{
    public static void MapAuthRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        app.MapPost("/api/auth/login", (HttpContext context) => LoginAsync(context, emulator));

        app.MapDevice(emulator, "POST", "/api/auth/logout", Role.Any, async (context, principal) =>
        {
            emulator.Auth.RevokeSessions(emulator.Profile.HasRoles ? principal.Username : null);
            context.Response.Cookies.Delete(DeviceRoute.CookieName);
            await Envelope.Ok(context);
        });

        app.MapDevice(emulator, "GET", "/api/auth/account", Role.Any, (context, principal) =>
            emulator.Profile.HasRoles
                ? Envelope.Ok(context, new { username = principal.Username, role = principal.IsAdmin ? "admin" : "user" })
                : Envelope.Ok(context, new { username = principal.Username }));

        app.MapDevice(emulator, "GET", "/api/auth/password", Role.Any, (context, principal) =>
            Envelope.Ok(context, new
            {
                isUpdated = emulator.Options.AuthenticationDisabled || !emulator.Auth.IsDefaultPassword(principal.Username),
            }));
    }

    private static async Task LoginAsync(HttpContext context, NanoKvmEmulator emulator)
    {
        var profile = emulator.Profile;
        var body = await RequestBody.ReadAsync(context);
        var username = body?.GetString("username");
        var field = body?.GetString("password");
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(field))
        {
            await emulator.DelayAsync(TimeSpan.FromSeconds(3), context.RequestAborted);
            await Envelope.Fail(context, -1, "invalid parameters");
            return;
        }

        if (emulator.Options.AuthenticationDisabled)
        {
            await (profile.LoginSetsCookieOnly ? Envelope.Ok(context)
                : profile.IsPro ? Envelope.Ok(context, new { token = "disabled", count = 0 })
                : Envelope.Ok(context, new { token = "disabled" }));
            return;
        }

        var password = PasswordFieldDecoder.Decode(field, profile.LoginPassword);
        if (password is null)
        {
            await Envelope.Panic(context);
            return;
        }

        var remote = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        switch (emulator.Auth.Login(username, password, remote))
        {
            case LoginOutcome.Locked:
                await emulator.DelayAsync(TimeSpan.FromSeconds(3), context.RequestAborted);
                await Envelope.Fail(context, -5, "Account locked due to too many failed attempts, please try again later");
                return;
            case LoginOutcome.Invalid:
                if (profile.LoginDelaysFailures)
                {
                    await Task.Delay(emulator.Options.FailedLoginDelay, emulator.Options.TimeProvider, context.RequestAborted);
                }

                await Envelope.Fail(context, -2, "invalid username or password");
                return;
        }

        var token = emulator.Auth.IssueToken(username);
        if (profile.LoginSetsCookieOnly)
        {
            context.Response.Cookies.Append(DeviceRoute.CookieName, token, new CookieOptions
            {
                Path = "/",
                MaxAge = TimeSpan.FromSeconds(2_678_400),
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
            });
            await Envelope.Ok(context);
        }
        else if (profile.IsPro)
        {
            // proto.LoginRsp declares count but the Pro's login never sets it (service/auth/login.go @1.2.15).
            await Envelope.Ok(context, new { token, count = 0 });
        }
        else
        {
            await Envelope.Ok(context, new { token });
        }
    }
}
