using NanoKvm.Emulator.Pro;

namespace NanoKvm.Emulator.Api;

/// <summary>Every route of the emulated device, area by area.</summary>
internal static class RouteTable
{
    public static void MapAll(WebApplication app, NanoKvmEmulator emulator)
    {
        if (emulator.Options.PiKvmMode)
        {
            app.MapPiKvmRoutes();
            return;
        }

        app.MapAuthRoutes(emulator);
        app.MapVmRoutes(emulator);
        app.MapNetworkRoutes(emulator);
        app.MapHidRoutes(emulator);
        app.MapHidModeRoutes(emulator);
        app.MapStreamRoutes(emulator);
        if (emulator.Profile.IsPro)
        {
            app.MapProRoutes(emulator);
        }
        else
        {
            app.MapStorageRoutes(emulator);
            app.MapScreenRoutes(emulator);
        }

        // gin's default for unknown paths and wrong methods (it has no 405).
        app.MapFallback(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("404 page not found", context.RequestAborted);
        });
    }
}
