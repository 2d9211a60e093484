using NanoKvm.Emulator.Host;
using NanoKvm.Emulator.Host.Screen;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;

namespace NanoKvm.Emulator.Video;

/// <summary>
/// The HDMI capture chip and its encoder as the firmware drives it (<c>kvm_vision</c> + <c>service/vm/hdmi.go</c>):
/// on/off (HDMI disabled flag, idle stop), the 1 s warm-up after capture restarts (whose first frame still shows the
/// content from before the stop), MJPEG frame detection (an unchanged capture answers result 5 and is not sent), and
/// JPEG encoding of the host screen with the project's encoder.
/// </summary>
internal sealed class CaptureDevice
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private readonly NanoKvmEmulator _emulator;
    private readonly ScreenModel _screen;
    private readonly object _gate = new();
    private bool _running = true;
    private DateTimeOffset _readyAt = DateTimeOffset.MinValue;
    private CapturedFrame? _lastFrame;
    private bool _stalePending;
    private FrameKey? _lastKey;
    private (FrameKey Key, byte[] Jpeg)? _encoded;
    private int _viewers;
    private long _idleGeneration;

    public CaptureDevice(NanoKvmEmulator emulator, ScreenModel screen)
    {
        _emulator = emulator;
        _screen = screen;

        // The Pro removed frame detection in 1.2.0: every captured frame is sent.
        FrameDetection = emulator.Profile.HasFrameDetection;
    }

    public bool HdmiDisabled { get; private set; }

    public bool StoppedForIdle { get; private set; }

    public int IdleTimeoutMinutes { get; private set; }

    public bool FrameDetection { get; set; } = true;

    public bool IsCapturing
    {
        get
        {
            lock (_gate)
            {
                return _running && !HdmiDisabled;
            }
        }
    }

    public int Viewers
    {
        get
        {
            lock (_gate)
            {
                return _viewers;
            }
        }
    }

    /// <summary>One MJPEG capture: result code, the tagged JPEG when the code is 0, and the frame id it shows.</summary>
    public CapturedFrame? ReadMjpeg(out int result)
    {
        lock (_gate)
        {
            result = Availability();
            if (result != 0)
            {
                return null;
            }

            var settings = _screen.Settings;
            if (_stalePending && _lastFrame is { } stale)
            {
                // The first frame after capture restarts comes from the buffer filled before it stopped.
                _stalePending = false;
                return stale;
            }

            _stalePending = false;
            var (frameId, content, inputWidth, inputHeight) = _screen.Snapshot();
            var width = settings.Width == 0 ? inputWidth : settings.Width;
            var height = settings.Height == 0 ? inputHeight : settings.Height;
            var key = new FrameKey(frameId, width, height, Math.Clamp(settings.Quality, 1, 100));
            if (FrameDetection && _lastKey == key)
            {
                result = 5;
                return null;
            }

            byte[] jpeg;
            if (_encoded is { } cached && cached.Key == key)
            {
                jpeg = cached.Jpeg;
            }
            else
            {
                var image = ScreenRenderer.Render(width, height, content);
                jpeg = JpegComment.Tag(JpegEncoder.Encode(image, key.Quality, ChromaSubsampling.Yuv420), frameId);
                _encoded = (key, jpeg);
            }

            _lastKey = key;
            _lastFrame = new CapturedFrame(frameId, jpeg);
            return _lastFrame;
        }
    }

    /// <summary>One H.264 capture: 0 when a frame can be produced, else the failure code; the frame id it shows.</summary>
    public long ReadH264(out int result)
    {
        lock (_gate)
        {
            result = Availability();
            return _screen.FrameId;
        }
    }

    private int Availability()
    {
        if (HdmiDisabled || !_running || !_screen.HasSignal)
        {
            return -1;
        }

        return _emulator.Options.TimeProvider.GetUtcNow() < _readyAt ? -5 : 0;
    }

    /// <summary>Capture on again after a stop: warm-up, then one stale frame; detection memory is gone.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            WakeLocked();
        }
    }

    private void WakeLocked()
    {
        _running = true;
        StoppedForIdle = false;
        _readyAt = _emulator.Options.TimeProvider.GetUtcNow() + WarmUp * _emulator.Options.TimeScale;
        _stalePending = _lastFrame is not null;
        _lastKey = null;
    }

    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            HdmiDisabled = false;
            _running = false;
        }

        await _emulator.DelayAsync(TimeSpan.FromSeconds(1), cancellationToken);
        Wake();
    }

    public void Enable()
    {
        lock (_gate)
        {
            HdmiDisabled = false;
            WakeLocked();
        }
    }

    public void Disable()
    {
        lock (_gate)
        {
            HdmiDisabled = true;
            _running = false;
        }
    }

    /// <summary>What the idle timer does when it fires: capture off until the next viewer.</summary>
    public void StopForIdle()
    {
        lock (_gate)
        {
            if (HdmiDisabled)
            {
                return;
            }

            _running = false;
            StoppedForIdle = true;
        }
    }

    public void SetIdleTimeout(int minutes)
    {
        lock (_gate)
        {
            IdleTimeoutMinutes = minutes;
            _idleGeneration++;
            if (StoppedForIdle && !HdmiDisabled)
            {
                WakeLocked();
            }

            ScheduleIdleLocked();
        }
    }

    public void AddViewer()
    {
        lock (_gate)
        {
            _viewers++;
            _idleGeneration++;
            if (StoppedForIdle && !HdmiDisabled)
            {
                WakeLocked();
            }
        }
    }

    public void RemoveViewer()
    {
        lock (_gate)
        {
            _viewers--;
            _idleGeneration++;
            ScheduleIdleLocked();
        }
    }

    /// <summary>
    /// A server restart: libkvm starts over, so frame detection is on again (2.2.3+) and has no memory. On 2.2.0–2.2.2
    /// detection is the file <c>/etc/kvm/frame_detact</c>, which a restart leaves as it was (<see cref="FrameDetectFlagFile"/>).
    /// </summary>
    public void OnRestart()
    {
        lock (_gate)
        {
            if (!_emulator.Profile.FrameDetectIsToggledFlagFile)
            {
                FrameDetection = _emulator.Profile.HasFrameDetection;
            }

            _lastKey = null;
        }
    }

    private void ScheduleIdleLocked()
    {
        if (_viewers > 0 || StoppedForIdle || HdmiDisabled || IdleTimeoutMinutes == 0 || !_emulator.Profile.HdmiReportsIdleTimeout)
        {
            return;
        }

        var generation = _idleGeneration;
        var delay = TimeSpan.FromMinutes(IdleTimeoutMinutes);
        _ = Task.Run(async () =>
        {
            await _emulator.DelayAsync(delay, CancellationToken.None);
            lock (_gate)
            {
                if (generation != _idleGeneration || _viewers > 0)
                {
                    return;
                }
            }

            StopForIdle();
        });
    }

    private readonly record struct FrameKey(long FrameId, int Width, int Height, int Quality);
}

/// <summary>A captured MJPEG frame: the screen frame id it shows and the tagged JPEG bytes.</summary>
internal sealed record CapturedFrame(long FrameId, byte[] Jpeg);
