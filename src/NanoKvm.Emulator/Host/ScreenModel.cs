using NanoKvm.Emulator.Host.Screen;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Emulator.Host;

/// <summary>
/// The host's display as captured over HDMI: what it shows (a caption, the typed text, the pointer), its input
/// resolution and signal, and the device's capture side (settings, frame detection, HDMI state, stream viewers).
/// </summary>
/// <remarks>
/// <see cref="FrameId"/> increases whenever the displayed content changes; every JPEG the emulator sends carries the
/// id of the content it shows (read it with <see cref="JpegComment.ReadFrameId"/>), so a test can prove a frame is fresh.
/// </remarks>
public sealed class ScreenModel
{
    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly Dictionary<string, CaptureStatus> _statuses = new(StringComparer.Ordinal);
    private ScreenContent _content = new("NanoKVM emulator", string.Empty, 0.5, 0.5);
    private long _frameId = 1;
    private string _caption = "NanoKVM emulator";
    private ScreenScene _scene;
    private int _inputWidth = 800;
    private int _inputHeight = 600;
    private bool _hasSignal = true;
    private long _lastSentFrameId;
    private long _framesSent;

    private int _attached;

    internal ScreenModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
        _scene = emulator.Options.Scene;
        Capture = new CaptureDevice(emulator, this);
        Mjpeg = new MjpegBroadcaster(emulator, this);
        H264 = new H264Broadcaster(emulator, this);
        emulator.Restarted += OnRestarted;
    }

    /// <summary>Raised when a stream mode's capture status changes (the HID WebSocket pushes it as <c>capture-status</c> on 2.4.2+).</summary>
    public event Action<CaptureStatus>? CaptureStatusChanged;

    /// <summary>
    /// Raised after the displayed content changed (the moment the host "drew" it), with the emulator clock's timestamp
    /// of the change; measurements of how soon a client sees a change start here.
    /// </summary>
    internal event Action<ScreenChange>? ContentChanged;

    /// <summary>Raised after an MJPEG frame went out to the viewers, with the emulator clock's timestamp.</summary>
    internal event Action<ScreenChange>? FrameSent;

    /// <summary>Id of the content currently displayed; increases on every visible change.</summary>
    public long FrameId
    {
        get
        {
            EnsureAttached();
            lock (_gate)
            {
                return _frameId;
            }
        }
    }

    /// <summary>A line shown in the title bar; tests change it to change the screen without HID input.</summary>
    public string Caption
    {
        get
        {
            lock (_gate)
            {
                return _caption;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _caption = value;
            }

            EnsureAttached();
            Refresh();
        }
    }

    /// <summary>What the host shows around the typed text (<see cref="EmulatorOptions.Scene"/> at start); tests switch it.</summary>
    public ScreenScene Scene
    {
        get
        {
            lock (_gate)
            {
                return _scene;
            }
        }

        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown scene.");
            }

            lock (_gate)
            {
                _scene = value;
            }

            EnsureAttached();
            Refresh();
        }
    }

    /// <summary>The host's video mode as it arrives over HDMI (used when the capture resolution is 0 = auto).</summary>
    public (int Width, int Height) InputResolution
    {
        get
        {
            lock (_gate)
            {
                return (_inputWidth, _inputHeight);
            }
        }
    }

    /// <summary>Whether an HDMI signal arrives. False makes every capture fail with result −1 (no frames, capture-status error).</summary>
    public bool HasSignal
    {
        get
        {
            lock (_gate)
            {
                return _hasSignal;
            }
        }

        set
        {
            bool restored;
            lock (_gate)
            {
                restored = value && !_hasSignal;
                _hasSignal = value;
            }

            if (restored)
            {
                Capture.Wake();
            }
        }
    }

    /// <summary>The device-global screen parameters set with <c>POST /api/vm/screen</c>.</summary>
    public CaptureSettings Settings { get; } = new();

    /// <summary>MJPEG frame detection (device default on): unchanged captures are not sent.</summary>
    public bool FrameDetection => Capture.FrameDetection;

    /// <summary>False after <c>POST /api/vm/hdmi/disable</c> (persisted on the device).</summary>
    public bool HdmiEnabled => !Capture.HdmiDisabled;

    /// <summary>Whether the capture hardware is running (off when HDMI is disabled or stopped for idle).</summary>
    public bool IsCapturing => Capture.IsCapturing;

    /// <summary>Minutes without viewers before capture stops (2.5.0+; 0 = never).</summary>
    public int IdleTimeoutMinutes => Capture.IdleTimeoutMinutes;

    /// <summary>Connected MJPEG and direct H.264 viewers.</summary>
    public int Viewers => Capture.Viewers;

    /// <summary>Frame id of the last MJPEG part sent to any viewer (0 before the first).</summary>
    public long LastSentFrameId => Interlocked.Read(ref _lastSentFrameId);

    /// <summary>MJPEG parts sent since start (each frame counted once, whatever the viewer count).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    internal CaptureDevice Capture { get; }

    internal MjpegBroadcaster Mjpeg { get; }

    internal H264Broadcaster H264 { get; }

    /// <summary>Changes the host's video mode (a different HDMI input resolution).</summary>
    public void SetInputResolution(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 4096);
        lock (_gate)
        {
            _inputWidth = width;
            _inputHeight = height;
            _frameId++;
        }
    }

    /// <summary>Stops capture as the 2.5.0 idle timeout does; the next viewer wakes it (1 s warm-up, then one stale frame).</summary>
    public void StopCaptureForIdle() => Capture.StopForIdle();

    /// <summary>The last capture status of a stream mode (<c>mjpeg</c> or <c>direct</c>), or null if that mode never ran.</summary>
    public CaptureStatus? GetCaptureStatus(string mode)
    {
        lock (_statuses)
        {
            return _statuses.GetValueOrDefault(mode);
        }
    }

    /// <summary>Every mode's last capture status, sorted by mode (what the device sends on WebSocket connect).</summary>
    public IReadOnlyList<CaptureStatus> GetCaptureStatuses()
    {
        lock (_statuses)
        {
            return [.. _statuses.Values.OrderBy(s => s.Mode, StringComparer.Ordinal)];
        }
    }

    internal (long FrameId, ScreenContent Content, int Width, int Height) Snapshot()
    {
        EnsureAttached();
        lock (_gate)
        {
            return (_frameId, _content, _inputWidth, _inputHeight);
        }
    }

    internal void RecordSent(long frameId)
    {
        Interlocked.Exchange(ref _lastSentFrameId, frameId);
        Interlocked.Increment(ref _framesSent);
        FrameSent?.Invoke(new ScreenChange(frameId, null, _emulator.Options.TimeProvider.GetTimestamp()));
    }

    internal void ReportCapture(string mode, int result)
    {
        var next = CaptureStatus.From(mode, result, _emulator.Options.TimeProvider.GetUtcNow());
        lock (_statuses)
        {
            if (_statuses.TryGetValue(mode, out var last) && last.SamePublicStatus(next))
            {
                return;
            }

            _statuses[mode] = next;
        }

        CaptureStatusChanged?.Invoke(next);
    }

    // The screen is built while the virtual host is still being constructed, so it subscribes to the keyboard and
    // pointer on first use instead of in its constructor.
    private void EnsureAttached()
    {
        if (Volatile.Read(ref _attached) != 0 || _emulator.Host is not { } host || Interlocked.Exchange(ref _attached, 1) != 0)
        {
            return;
        }

        host.Keyboard.Changed += Refresh;
        host.Mouse.Changed += Refresh;
        Refresh();
    }

    private void Refresh()
    {
        if (_emulator.Host is not { } host)
        {
            return;
        }

        var content = new ScreenContent(Caption, host.Keyboard.Transcript, host.Mouse.X, host.Mouse.Y, Scene);
        ScreenChange? change = null;
        lock (_gate)
        {
            if (content != _content)
            {
                _content = content;
                _frameId++;
                change = new ScreenChange(_frameId, content, _emulator.Options.TimeProvider.GetTimestamp());
            }
        }

        if (change is { } changed)
        {
            ContentChanged?.Invoke(changed);
        }
    }

    private void OnRestarted()
    {
        Settings.Reset();
        Capture.OnRestart();
    }
}
