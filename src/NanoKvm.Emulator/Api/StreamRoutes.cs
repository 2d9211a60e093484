namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/stream/*</c>: MJPEG and direct H.264.</summary>
internal static class StreamRoutes
{
    public static void MapStreamRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        _ = app;
        _ = emulator;
    }
}
