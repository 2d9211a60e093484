using NanoKvm.Emulator.Api;
using NanoKvm.Emulator.Auth;

namespace NanoKvm.Emulator.Pro;

/// <summary>
/// The routes only the NanoKVM-Pro has, or has in its own shape (github:sipeed/NanoKVM-Pro <c>server/router/*.go</c>
/// @1.2.15): write-only stream settings, HDMI capture/passthrough, EDID, storage with <c>readOnly</c> and
/// <c>/sdcard</c>, downloads under <c>/api/storage/download/image*</c>. The Cube's <c>/api/vm/screen</c>,
/// <c>/api/vm/hdmi</c>, <c>/api/storage/cdrom</c> and <c>/api/download/*</c> stay unmapped (gin's 404).
/// </summary>
internal static class ProRoutes
{
    private static readonly string[] StreamModes = ["mjpeg", "h264-webrtc", "h264-direct", "h265-webrtc", "h265-direct"];
    private static readonly string[] ImageRoots = ["/data", "/sdcard"];

    public static void MapProRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        MapStreamSettings(app, emulator);
        MapHdmi(app, emulator);
        MapStorage(app, emulator);
        MapDownloads(app, emulator);
    }

    /// <summary><c>router/stream.go</c>: no GET for any setting; fps from 1.2.8, rate-control from 1.2.6.</summary>
    private static void MapStreamSettings(WebApplication app, NanoKvmEmulator emulator)
    {
        var encoder = emulator.Encoder;
        MapIntSetting(app, emulator, "/api/stream/quality", "quality", 1, 20_000, encoder.SetQuality);
        MapIntSetting(app, emulator, "/api/stream/gop", "gop", 1, 200, encoder.SetGop);
        if (emulator.Profile.Ordinal >= At(8))
        {
            MapIntSetting(app, emulator, "/api/stream/fps", "fps", 0, 120, encoder.SetFps);
        }

        app.MapDevice(emulator, "POST", "/api/stream/mode", Role.Any, async (context, _) =>
        {
            var mode = (await RequestBody.ReadAsync(context))?.GetString("mode");
            if (string.IsNullOrEmpty(mode))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            if (!StreamModes.Contains(mode))
            {
                await Envelope.Fail(context, -2, "invalid mode");
                return;
            }

            encoder.SetMode(mode);
            await Envelope.Ok(context);
        });

        if (emulator.Profile.Ordinal >= At(6))
        {
            app.MapDevice(emulator, "POST", "/api/stream/rate-control", Role.Any, async (context, _) =>
            {
                var mode = (await RequestBody.ReadAsync(context))?.GetString("mode");
                if (mode is not ("cbr" or "vbr"))
                {
                    await Envelope.Fail(context, mode is null ? -1 : -2, "invalid arguments");
                    return;
                }

                encoder.SetRateControl(mode);
                await Envelope.Ok(context);
            });
        }
    }

    private static void MapIntSetting(WebApplication app, NanoKvmEmulator emulator, string path, string field, int min, int max, Action<int> apply) =>
        app.MapDevice(emulator, "POST", path, Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            var value = body?.GetInt64(field);
            if (value is null)
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            if (value < min || value > max)
            {
                await Envelope.Fail(context, -2, $"invalid {field}");
                return;
            }

            apply((int)value);
            await Envelope.Ok(context);
        });

    /// <summary><c>service/vm/hdmi.go</c>: capture and loop-out switches; <c>GET /api/vm/edid</c>.</summary>
    private static void MapHdmi(WebApplication app, NanoKvmEmulator emulator)
    {
        var hdmi = emulator.ProHdmi;
        app.MapDevice(emulator, "GET", "/api/vm/hdmi/capture", Role.Any, (context, _) =>
            Envelope.Ok(context, new { enabled = hdmi.CaptureEnabled }));
        app.MapDevice(emulator, "POST", "/api/vm/hdmi/capture", Role.Any, async (context, _) =>
        {
            var enabled = (await RequestBody.ReadAsync(context))?.GetBoolean("enabled");
            if (enabled is null)
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            hdmi.CaptureEnabled = enabled.Value;
            await Envelope.Ok(context);
        });
        app.MapDevice(emulator, "GET", "/api/vm/hdmi/passthrough", Role.Any, (context, _) =>
            Envelope.Ok(context, new { enabled = hdmi.PassthroughEnabled }));
        app.MapDevice(emulator, "POST", "/api/vm/hdmi/passthrough", Role.Any, async (context, _) =>
        {
            var enabled = (await RequestBody.ReadAsync(context))?.GetBoolean("enabled");
            if (enabled is null)
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            hdmi.PassthroughEnabled = enabled.Value;
            await emulator.DelayAsync(TimeSpan.FromMilliseconds(20), context.RequestAborted);
            await Envelope.Ok(context);
        });
        app.MapDevice(emulator, "GET", "/api/vm/edid", Role.Any, (context, _) =>
            Envelope.Ok(context, new { edid = hdmi.Edid }));
    }

    /// <summary><c>service/storage/image.go</c> @1.2.15: <c>/data</c> and <c>/sdcard</c>, <c>{file, cdrom, readOnly}</c>.</summary>
    private static void MapStorage(WebApplication app, NanoKvmEmulator emulator)
    {
        var storage = emulator.Storage;
        app.MapDevice(emulator, "GET", "/api/storage/image", Role.Any, (context, _) =>
        {
            var files = storage.ListImages().Where(f => ImageRoots.Any(r => f.StartsWith(r + "/", StringComparison.Ordinal))).ToList();
            return Envelope.Ok(context, new { files = files.Count == 0 ? null : files });
        });

        app.MapDevice(emulator, "GET", "/api/storage/image/mounted", Role.Any, (context, _) =>
            Envelope.Ok(context, new { file = storage.MountedImage ?? string.Empty, cdrom = storage.CdRom, readOnly = storage.ReadOnly }));

        app.MapDevice(emulator, "POST", "/api/storage/image/mount", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            if (body is null || (body.Has("file") && body.GetString("file") is null)
                || (body.Has("cdrom") && body.GetBoolean("cdrom") is null)
                || (body.Has("readOnly") && body.GetBoolean("readOnly") is null))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            var code = storage.MountPro(body.GetString("file") ?? string.Empty, body.GetBoolean("cdrom") ?? false, body.GetBoolean("readOnly") ?? false);
            await emulator.DelayAsync(TimeSpan.FromSeconds(3), context.RequestAborted);
            await (code == 0 ? Envelope.Ok(context) : Envelope.Fail(context, code, "mount image failed"));
        });

        app.MapDevice(emulator, "POST", "/api/storage/image/delete", Role.Any, async (context, _) =>
        {
            var file = (await RequestBody.ReadAsync(context))?.GetString("file");
            var code = string.IsNullOrEmpty(file) ? -1 : storage.Delete(file, ImageRoots);
            await (code switch
            {
                0 => Envelope.Ok(context),
                -1 => Envelope.Fail(context, -1, "invalid arguments"),
                -2 => Envelope.Fail(context, -2, "invalid arguments"),
                _ => Envelope.Fail(context, -3, "remove file failed"),
            });
        });
    }

    /// <summary><c>service/storage/download.go</c> @1.2.15: no checksum, no cancel, status idle/in_progress only.</summary>
    private static void MapDownloads(WebApplication app, NanoKvmEmulator emulator)
    {
        var storage = emulator.Storage;
        app.MapDevice(emulator, "POST", "/api/storage/download/image", Role.Any, async (context, _) =>
        {
            var url = (await RequestBody.ReadAsync(context))?.GetString("file");
            if (string.IsNullOrEmpty(url))
            {
                await Envelope.Fail(context, -1, "invalid arguments");
                return;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                await Envelope.Fail(context, -1, "invalid url");
                return;
            }

            var fileName = Path.GetFileName(uri.AbsolutePath.TrimEnd('/'));
            if (!storage.StartDownload(url, fileName.Length == 0 ? "download" : fileName, checksumGiven: false))
            {
                await Envelope.Fail(context, -1, "download in progress");
                return;
            }

            await Envelope.Ok(context, new { status = "in_progress", file = url, percentage = string.Empty });
        });

        app.MapDevice(emulator, "GET", "/api/storage/download/image/status", Role.Any, (context, _) =>
        {
            var reading = storage.Download;
            return Envelope.Ok(context, new { status = reading.Status, file = reading.File, percentage = reading.Percentage });
        });

        app.MapDevice(emulator, "GET", "/api/storage/download/image/enabled", Role.Any, (context, _) =>
            Envelope.Ok(context, new { enabled = emulator.Options.DownloadEnabled }));
    }

    private static int At(int patch) => (1 * 1000 + 2) * 1000 + patch;
}
