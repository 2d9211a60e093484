namespace NanoKvm.Emulator.Video;

/// <summary>
/// Frame detection as firmware 2.2.0–2.2.2 keep it: two files instead of a setting. Modelled on
/// <c>server/service/stream/mjpeg/frame-detect.go</c> at tags 2.2.0 and 2.2.2 (identical there):
/// <list type="bullet">
/// <item><c>/etc/kvm/frame_detact</c> exists → the capture skips unchanged frames (<see cref="CaptureDevice.FrameDetection"/>);
/// <c>support/kvm_system/.../system_init.cpp</c> line 40 creates it at first boot, and a server restart leaves it alone.</item>
/// <item><c>isFrameDetectEnabled</c> (lines 103–119) answers true when either that file or <c>frame_detact_tmp</c> exists.</item>
/// <item><c>UpdateFrameDetect</c> (lines 38–71) never reads the request: reported on → both files removed; off → the flag
/// file created; it answers the new reported state.</item>
/// <item><c>StopFrameDetect</c> (lines 73–101) renames the flag file to <c>_tmp</c> when it exists, answers at once, and
/// a goroutine renames it back 20 s later (a no-op when the tmp file is gone by then).</item>
/// </list>
/// </summary>
internal sealed class FrameDetectFlagFile
{
    private static readonly TimeSpan StopDuration = TimeSpan.FromSeconds(20);

    private readonly NanoKvmEmulator _emulator;
    private readonly CaptureDevice _capture;
    private readonly object _gate = new();
    private bool _tmpExists;
    private CancellationTokenSource _process = new();

    public FrameDetectFlagFile(NanoKvmEmulator emulator, CaptureDevice capture)
    {
        _emulator = emulator;
        _capture = capture;

        // The rename-back goroutine dies with the server process; the files themselves stay on disk.
        emulator.Restarted += () =>
        {
            CancellationTokenSource old;
            lock (_gate)
            {
                old = _process;
                _process = new CancellationTokenSource();
            }

            old.Cancel();
            old.Dispose();
        };
    }

    /// <summary>What <c>GET /api/stream/mjpeg/detect</c> reports.</summary>
    public bool Reported
    {
        get
        {
            lock (_gate)
            {
                return _capture.FrameDetection || _tmpExists;
            }
        }
    }

    /// <summary><c>POST /api/stream/mjpeg/detect</c>: flips the reported state and returns the new one.</summary>
    public bool Toggle()
    {
        lock (_gate)
        {
            if (_capture.FrameDetection || _tmpExists)
            {
                _capture.FrameDetection = false;
                _tmpExists = false;
            }
            else
            {
                _capture.FrameDetection = true;
            }

            return _capture.FrameDetection || _tmpExists;
        }
    }

    /// <summary><c>POST /api/stream/mjpeg/detect/stop</c>: pauses detection for 20 s without blocking the caller.</summary>
    public void Stop()
    {
        CancellationToken process;
        lock (_gate)
        {
            if (!_capture.FrameDetection)
            {
                return;
            }

            _capture.FrameDetection = false;
            _tmpExists = true;
            process = _process.Token;
        }

        _ = RestoreLaterAsync(process);
    }

    private async Task RestoreLaterAsync(CancellationToken process)
    {
        try
        {
            await _emulator.DelayAsync(StopDuration, process).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (_tmpExists)
            {
                _tmpExists = false;
                _capture.FrameDetection = true;
            }
        }
    }
}
