namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/network/*</c>: Wake-on-LAN.</summary>
internal static class NetworkRoutes
{
    public static void MapNetworkRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        _ = app;
        _ = emulator;
    }
}
