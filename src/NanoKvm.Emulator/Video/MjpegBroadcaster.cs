using System.Globalization;
using System.Text;
using System.Threading.Channels;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Emulator.Video;

/// <summary>
/// The MJPEG capture loop (<c>service/stream/mjpeg/streamer.go</c>): one loop at the configured fps serves every
/// viewer, runs only while someone watches, skips failed and unchanged captures, and writes each frame as a multipart
/// part framed the way the profile's firmware does (with <c>Content-Length</c> from 2.3.0, without before).
/// </summary>
internal sealed class MjpegBroadcaster
{
    private readonly NanoKvmEmulator _emulator;
    private readonly ScreenModel _screen;
    private readonly object _gate = new();
    private readonly List<Channel<byte[]>> _viewers = [];
    private bool _running;

    public MjpegBroadcaster(NanoKvmEmulator emulator, ScreenModel screen)
    {
        _emulator = emulator;
        _screen = screen;
    }

    public ChannelReader<byte[]> AddViewer()
    {
        // A slow viewer loses the oldest parts rather than stalling the loop; each part is a whole frame.
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        _screen.Capture.AddViewer();
        lock (_gate)
        {
            _viewers.Add(channel);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }
        }

        return channel.Reader;
    }

    public void RemoveViewer(ChannelReader<byte[]> reader)
    {
        lock (_gate)
        {
            _viewers.RemoveAll(c => c.Reader == reader);
        }

        _screen.Capture.RemoveViewer();
    }

    private async Task RunAsync()
    {
        var settings = _screen.Settings;
        settings.Normalize();
        var time = _emulator.Options.TimeProvider;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.0 / settings.Fps), time);
            Channel<byte[]>[] viewers;
            lock (_gate)
            {
                if (_viewers.Count == 0)
                {
                    _running = false;
                    return;
                }

                viewers = [.. _viewers];
            }

            CapturedFrame? frame;
            int result;
            try
            {
                frame = _screen.Capture.ReadMjpeg(out result);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                frame = null;
                result = -2; // encoder error
            }

            _screen.ReportCapture("mjpeg", result);
            if (frame is null)
            {
                continue;
            }

            var part = Part(frame.Jpeg);
            foreach (var viewer in viewers)
            {
                viewer.Writer.TryWrite(part);
            }

            _screen.RecordSent(frame.FrameId);
        }
    }

    private byte[] Part(byte[] jpeg)
    {
        var header = _emulator.Profile.MjpegContentLength
            ? "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n"
            : "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
        var part = new byte[header.Length + jpeg.Length + 2];
        Encoding.ASCII.GetBytes(header, part);
        jpeg.CopyTo(part, header.Length);
        part[^2] = (byte)'\r';
        part[^1] = (byte)'\n';
        return part;
    }
}
