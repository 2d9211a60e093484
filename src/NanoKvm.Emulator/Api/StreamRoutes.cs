using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using NanoKvm.Emulator.Auth;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Emulator.Api;

/// <summary><c>/api/stream/*</c>: MJPEG, frame detection and direct H.264.</summary>
internal static class StreamRoutes
{
    public static void MapStreamRoutes(this WebApplication app, NanoKvmEmulator emulator)
    {
        var screen = emulator.Host.Screen;

        app.MapDevice(emulator, "GET", "/api/stream/mjpeg", Role.Any, async (context, principal) =>
        {
            var response = context.Response;
            response.ContentType = "multipart/x-mixed-replace; boundary=frame";
            response.Headers.CacheControl = "no-cache";
            response.Headers.Pragma = "no-cache";
            response.Headers["X-Server-Date"] = emulator.Options.TimeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
            await response.StartAsync(context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);

            using var lifetime = principal.LinkRevocation(context.RequestAborted);
            var parts = screen.Mjpeg.AddViewer();
            try
            {
                emulator.Encoder.ClaimForMjpeg();
                await foreach (var part in parts.ReadAllAsync(lifetime.Token))
                {
                    if (!emulator.Encoder.IsMjpeg)
                    {
                        continue; // Pro: another stream type owns the encoder; the connection stays open and silent
                    }

                    await response.Body.WriteAsync(part, lifetime.Token);
                    await response.Body.FlushAsync(lifetime.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // viewer left or the server "restarted"
            }
            catch (IOException)
            {
            }
            finally
            {
                screen.Mjpeg.RemoveViewer(parts);
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    context.Abort(); // a restart drops the TCP connection; there is no closing boundary
                }
            }
        });

        if (!emulator.Profile.HasFrameDetection)
        {
            // The Pro removed frame detection in 1.2.0: no detect routes (gin's 404).
        }
        else if (emulator.Profile.FrameDetectIsToggledFlagFile)
        {
            MapFlagFileFrameDetect(app, emulator);
        }
        else
        {
            MapSettingFrameDetect(app, emulator);
        }

        if (emulator.Profile.H264Direct != H264DirectMode.None)
        {
            app.MapDevice(emulator, "GET", "/api/stream/h264/direct", Role.Any, (context, principal) =>
                ServeH264Async(emulator, context, principal));
        }
    }

    /// <summary>2.2.0–2.2.2: GET reads, POST toggles (the body is never read), stop pauses 20 s without blocking.</summary>
    private static void MapFlagFileFrameDetect(WebApplication app, NanoKvmEmulator emulator)
    {
        var flag = new FrameDetectFlagFile(emulator, emulator.Host.Screen.Capture);

        app.MapDevice(emulator, "GET", "/api/stream/mjpeg/detect", Role.Any, (context, _) =>
            Envelope.Ok(context, new { enabled = flag.Reported }));

        app.MapDevice(emulator, "POST", "/api/stream/mjpeg/detect", Role.Any, (context, _) =>
            Envelope.Ok(context, new { enabled = flag.Toggle() }));

        app.MapDevice(emulator, "POST", "/api/stream/mjpeg/detect/stop", Role.Any, (context, _) =>
        {
            flag.Stop();
            return Envelope.Ok(context);
        });
    }

    /// <summary>2.2.3 and later (<c>frame-detect.go</c> <c>UpdateFrameDetect</c>/<c>StopFrameDetect</c>): a setting, no GET route.</summary>
    private static void MapSettingFrameDetect(WebApplication app, NanoKvmEmulator emulator)
    {
        var screen = emulator.Host.Screen;

        app.MapDevice(emulator, "POST", "/api/stream/mjpeg/detect", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            if (body is null || (body.Has("enabled") && body.GetBoolean("enabled") is null))
            {
                await Envelope.Fail(context, -1, "invalid parameters");
                return;
            }

            screen.Capture.FrameDetection = body.GetBoolean("enabled") ?? false;
            await Envelope.Ok(context);
        });

        app.MapDevice(emulator, "POST", "/api/stream/mjpeg/detect/stop", Role.Any, async (context, _) =>
        {
            var body = await RequestBody.ReadAsync(context);
            if (body is null || (body.Has("duration") && body.GetInt64("duration") is null))
            {
                await Envelope.Fail(context, -1, "invalid parameters");
                return;
            }

            var seconds = body.GetInt64("duration") is { } d && d > 0 ? d : 10;
            screen.Capture.FrameDetection = false;
            await emulator.DelayAsync(TimeSpan.FromSeconds(seconds), context.RequestAborted);
            screen.Capture.FrameDetection = true; // re-enabled unconditionally, as on the device
            await Envelope.Ok(context);
        });
    }

    private static async Task ServeH264Async(NanoKvmEmulator emulator, HttpContext context, Principal principal)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (emulator.Profile.ChecksWebSocketOrigin && !OriginMatches(context))
        {
            context.Response.StatusCode = 403;
            return;
        }

        var mode = emulator.Profile.H264Direct;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = mode == H264DirectMode.BinaryWithFlow ? TimeSpan.FromSeconds(15) : TimeSpan.Zero,
        });
        using var lifetime = principal.LinkRevocation(context.RequestAborted);
        var queue = new H264FrameQueue();
        if (mode == H264DirectMode.JsonBase64)
        {
            queue.SendEverything();
        }

        if (mode == H264DirectMode.BinaryWithFlow
            && int.TryParse(context.Request.Query["flow"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var window)
            && window > 0)
        {
            queue.EnableFlowControl(window);
        }

        var screen = emulator.Host.Screen;
        screen.H264.AddViewer(queue);
        var writer = WriteLoopAsync(socket, queue, lifetime.Token);
        try
        {
            var buffer = new byte[1024];
            while (!lifetime.IsCancellationRequested)
            {
                var (type, length) = await ReceiveMessageAsync(socket, buffer, lifetime.Token);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (mode == H264DirectMode.JsonBase64)
                {
                    break; // 2.2.x reads once: any message ends the connection
                }

                if (mode != H264DirectMode.BinaryWithFlow)
                {
                    continue; // 2.3.x/2.4.x ignore client messages
                }

                if (length > 64)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "read limit exceeded", CancellationToken.None);
                    break;
                }

                if (type != WebSocketMessageType.Binary || length == 0)
                {
                    continue;
                }

                if (buffer[0] == 2 && length == 9)
                {
                    queue.Acknowledge((long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(1, 8)));
                }
                else if (buffer[0] == 3 && length == 1)
                {
                    queue.Resync();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            screen.H264.RemoveViewer(queue);
            queue.Close();
            await writer;
            socket.Abort();
        }
    }

    private static async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(
        WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var slot = length < buffer.Length ? buffer.AsMemory(length) : new byte[256];
            var result = await socket.ReceiveAsync(slot, cancellationToken);
            length += result.Count;
            if (result.MessageType == WebSocketMessageType.Close || result.EndOfMessage)
            {
                return (result.MessageType, length);
            }
        }
    }

    private static async Task WriteLoopAsync(WebSocket socket, H264FrameQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            while (await queue.TakeAsync(cancellationToken) is { } frame)
            {
                await socket.SendAsync(
                    frame.Payload,
                    frame.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary,
                    endOfMessage: true,
                    cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    private static bool OriginMatches(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
