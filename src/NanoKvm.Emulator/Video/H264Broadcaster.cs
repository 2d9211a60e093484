using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Emulator.Video;

/// <summary>
/// The direct H.264 loop (<c>service/stream/direct/streamer.go</c>): while viewers are connected it "encodes" one
/// synthetic access unit per tick — Annex-B NAL units with SPS, PPS and IDR types on keyframes (every GOP frames) and a
/// non-IDR slice otherwise; no real H.264 — stamps it with µs since the loop started, frames it for the profile and
/// offers it to every viewer's queue.
/// </summary>
internal sealed class H264Broadcaster
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    private readonly NanoKvmEmulator _emulator;
    private readonly ScreenModel _screen;
    private readonly object _gate = new();
    private readonly List<H264FrameQueue> _viewers = [];
    private bool _running;

    public H264Broadcaster(NanoKvmEmulator emulator, ScreenModel screen)
    {
        _emulator = emulator;
        _screen = screen;
    }

    public void AddViewer(H264FrameQueue queue)
    {
        _screen.Capture.AddViewer();
        lock (_gate)
        {
            _viewers.Add(queue);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }
        }
    }

    public void RemoveViewer(H264FrameQueue queue)
    {
        lock (_gate)
        {
            _viewers.Remove(queue);
        }

        _screen.Capture.RemoveViewer();
    }

    /// <summary>Builds a synthetic Annex-B access unit; the payload names the screen frame id it stands for.</summary>
    public static byte[] AccessUnit(bool keyframe, long frameId, long index)
    {
        var body = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"nanokvm-emulator frame-id={frameId} au={index} "));
        var units = new List<byte>();
        if (keyframe)
        {
            units.AddRange([.. StartCode, 0x67, 0x42, 0xE0, 0x2A, 0x95, 0xA0, 0x1E, 0x00, 0x89, 0xF9, 0x70]); // SPS
            units.AddRange([.. StartCode, 0x68, 0xCE, 0x3C, 0x80]);                                            // PPS
            units.AddRange([.. StartCode, 0x65, 0x88, 0x84, .. body, .. Enumerable.Repeat((byte)0x5A, 512)]);   // IDR slice
        }
        else
        {
            units.AddRange([.. StartCode, 0x41, 0x9A, .. body, .. Enumerable.Repeat((byte)0x3C, 64)]);            // non-IDR slice
        }

        return [.. units];
    }

    private async Task RunAsync()
    {
        var settings = _screen.Settings;
        settings.Normalize();
        var time = _emulator.Options.TimeProvider;
        var started = time.GetTimestamp();
        long index = 0;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.0 / settings.Fps), time);
            H264FrameQueue[] viewers;
            lock (_gate)
            {
                if (_viewers.Count == 0)
                {
                    _running = false;
                    return;
                }

                viewers = [.. _viewers];
            }

            var frameId = _screen.Capture.ReadH264(out var result);
            if (result < 0)
            {
                _screen.ReportCapture("direct", result);
                continue;
            }

            var keyframe = index % Math.Max(1, settings.Gop) == 0;
            _screen.ReportCapture("direct", keyframe ? 3 : 4);
            var timestamp = (long)time.GetElapsedTime(started).TotalMicroseconds;
            var frame = Frame(keyframe, timestamp, AccessUnit(keyframe, frameId, index));
            index++;
            foreach (var viewer in viewers)
            {
                viewer.Offer(frame);
            }
        }
    }

    private H264Frame Frame(bool keyframe, long timestamp, byte[] accessUnit)
    {
        if (_emulator.Profile.H264Direct == H264DirectMode.JsonBase64)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["isKeyFrame"] = keyframe,
                ["data"] = Convert.ToBase64String(accessUnit),
                ["timestamp"] = timestamp,
            });
            return new H264Frame(keyframe, timestamp, json, IsText: true);
        }

        var payload = new byte[9 + accessUnit.Length];
        payload[0] = keyframe ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(1), (ulong)timestamp);
        accessUnit.CopyTo(payload, 9);
        return new H264Frame(keyframe, timestamp, payload, IsText: false);
    }
}
