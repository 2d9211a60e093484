using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Api;

/// <summary>
/// <c>/api/storage/*</c> and <c>/api/download/*</c>: images, mounting, deletion and downloads. Admin-only on
/// multi-user firmware, any account before. Routes a release does not have are left unmapped (gin's 404).
/// </summary>
internal static class StorageRoutes
{
    public static void MapStorageRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        var storage = emulator.Storage;
        var profile = emulator.Profile;

        app.MapDevice(emulator, "GET", "/api/storage/image", Role.Admin, (context, _) =>
        {
            var files = storage.ListImages();

            // The device's Go slice stays nil when nothing matches, which encodes as null.
            return Envelope.Ok(context, new { files = files.Count == 0 ? null : files });
        });

        app.MapDevice(emulator, "GET", "/api/storage/image/mounted", Role.Admin, (context, _) =>
            Envelope.Ok(context, new { file = storage.ReportedMountedFile() }));

        app.MapDevice(emulator, "POST", "/api/storage/image/mount", Role.Admin, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            if (body is null || (body.Has("file") && body.GetString("file") is null)
                || (body.Has("cdrom") && body.GetBoolean("cdrom") is null))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var file = body.GetString("file") ?? string.Empty;
            var cdrom = body.GetBoolean("cdrom") ?? false;
            var failure = profile.MountsIsoAsCdRomBySuffix ? storage.MountBySuffix(file, cdrom) : storage.Mount(file, cdrom);
            if (failure is not null)
            {
                await Envelope.Fail(context, -2, failure);
                return;
            }

            // The device re-binds the USB gadget (every USB function re-enumerates) before answering.
            await emulator.DelayAsync(TimeSpan.FromMilliseconds(500), context.RequestAborted);
            await Envelope.Ok(context);
        });

        if (profile.HasCdRomEndpoint)
        {
            app.MapDevice(emulator, "GET", "/api/storage/cdrom", Role.Admin, (context, _) =>
                Envelope.Ok(context, new { cdrom = storage.CdRom ? 1 : 0 }));
        }

        if (profile.HasImageDelete)
        {
            app.MapDevice(emulator, "POST", "/api/storage/image/delete", Role.Admin, async (context, _) =>
            {
                var body = await RequestBody.ReadAsync(context);
                var file = body?.GetString("file");
                if (string.IsNullOrEmpty(file))
                {
                    await Envelope.Fail(context, -1, "invalid arguments");
                    return;
                }

                switch (storage.Delete(file))
                {
                    case -2:
                        await Envelope.Fail(context, -2, "invalid arguments");
                        return;
                    case -3:
                        await Envelope.Fail(context, -3, "remove file failed");
                        return;
                    default:
                        await Envelope.Ok(context);
                        return;
                }
            });
        }

        app.MapDevice(emulator, "POST", "/api/download/image", Role.Admin, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var url = body?.GetString("file");
            if (string.IsNullOrEmpty(url))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            // Only 2.5.0+ knows sha256sum; older releases ignore the field.
            var sha = profile.HasDownloadCancel ? (body!.GetString("sha256sum") ?? string.Empty).Trim() : string.Empty;
            if (sha.Length != 0 && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)))
            {
                await Envelope.Fail(context, -1, "invalid sha256sum");
                return;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.Host.Length == 0 || uri.AbsolutePath.Length == 0)
            {
                await Envelope.Fail(context, -1, "invalid url");
                return;
            }

            var fileName = Path.GetFileName(uri.AbsolutePath.TrimEnd('/'));
            if (fileName.Length == 0)
            {
                await Envelope.Fail(context, -1, "invalid url");
                return;
            }

            if (!storage.StartDownload(url, fileName, sha.Length != 0))
            {
                await Envelope.Fail(context, -1, "download in progress");
                return;
            }

            await Envelope.Ok(context, new { status = "in_progress", file = url, percentage = string.Empty });
        });

        app.MapDevice(emulator, "GET", "/api/download/image/status", Role.Admin, (context, _) =>
        {
            var reading = storage.Download;
            return Envelope.Ok(context, new { status = reading.Status, file = reading.File, percentage = reading.Percentage });
        });

        if (profile.HasDownloadCancel)
        {
            app.MapDevice(emulator, "POST", "/api/download/image/cancel", Role.Admin, async (context, _) =>
            {
                if (await storage.CancelDownloadAsync())
                {
                    await Envelope.Ok(context);
                }
                else
                {
                    await Envelope.Fail(context, -1, "no cancellable download in progress");
                }
            });
        }

        app.MapDevice(emulator, "GET", "/api/download/image/enabled", Role.Admin, (context, _) =>
            Envelope.Ok(context, new { enabled = emulator.Options.DownloadEnabled }));
    }
}
