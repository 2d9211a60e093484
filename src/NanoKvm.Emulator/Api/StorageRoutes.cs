namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/storage/*</c> and <c>/api/download/*</c>: images, mounting, deletion and downloads.</summary>
internal static class StorageRoutes
{
    public static void MapStorageRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        _ = app;
        _ = emulator;
    }
}
