namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/ws</c> and <c>/api/hid/*</c>: HID input, paste, LEDs, mode and reset.</summary>
internal static class HidRoutes
{
    public static void MapHidRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        _ = app;
        _ = emulator;
    }
}
