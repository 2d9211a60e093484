namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/vm/screen</c> and <c>/api/vm/hdmi*</c>: capture settings and HDMI state.</summary>
internal static class ScreenRoutes
{
    public static void MapScreenRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        _ = app;
        _ = emulator;
    }
}
