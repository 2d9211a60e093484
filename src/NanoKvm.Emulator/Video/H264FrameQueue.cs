namespace NanoKvm.Emulator.Video;

/// <summary>
/// One direct-H.264 viewer's send queue with the firmware's drop rules (<c>service/stream/direct/client.go</c>):
/// a new viewer waits for a keyframe; without flow control at most 8 frames / 2 MiB queue, overflow drops to the next
/// keyframe; with <c>?flow=N</c> (2.5.0+) at most N frames are queued or un-acknowledged, and a resync request drops
/// everything until the next keyframe.
/// </summary>
internal sealed class H264FrameQueue
{
    private const int MaxFrames = 8;
    private const int MaxBytes = 2 * 1024 * 1024;
    private const int MaxWindow = 8;

    private readonly object _gate = new();
    private readonly Queue<H264Frame> _frames = new();
    private readonly List<long> _inFlight = [];
    private readonly SemaphoreSlim _wake = new(0);
    private int _queuedBytes;
    private bool _waitingForKeyframe = true;
    private int _window;
    private bool _closed;

    public bool FlowControlled => _window > 0;

    /// <summary>Frames dropped by the queue rules (tests observe back-pressure through it).</summary>
    public long Dropped { get; private set; }

    /// <summary>2.2.x wrote every frame to every socket: no queue, no waiting for a keyframe.</summary>
    public void SendEverything()
    {
        lock (_gate)
        {
            _waitingForKeyframe = false;
        }
    }

    public void EnableFlowControl(int window)
    {
        lock (_gate)
        {
            _window = Math.Clamp(window, 1, MaxWindow);
            _frames.Clear();
            _queuedBytes = 0;
            _inFlight.Clear();
            _waitingForKeyframe = true;
        }
    }

    public void Offer(H264Frame frame)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (frame.IsKey)
            {
                Clear();
                if (FlowControlled && _inFlight.Count >= _window)
                {
                    _waitingForKeyframe = true;
                    Dropped++;
                    return;
                }

                _waitingForKeyframe = false;
                Push(frame);
                return;
            }

            if (_waitingForKeyframe)
            {
                Dropped++;
                return;
            }

            var full = FlowControlled
                ? _frames.Count + _inFlight.Count >= _window
                : _frames.Count >= MaxFrames || _queuedBytes + frame.Payload.Length > MaxBytes;
            if (full)
            {
                Clear();
                _waitingForKeyframe = true;
                Dropped++;
                return;
            }

            Push(frame);
        }
    }

    public async Task<H264Frame?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return null;
                }

                if (_frames.TryDequeue(out var frame))
                {
                    _queuedBytes -= frame.Payload.Length;
                    if (FlowControlled)
                    {
                        _inFlight.Add(frame.Timestamp);
                    }

                    return frame;
                }
            }

            await _wake.WaitAsync(cancellationToken);
        }
    }

    public void Acknowledge(long timestamp)
    {
        lock (_gate)
        {
            var acknowledged = 0;
            while (acknowledged < _inFlight.Count && _inFlight[acknowledged] <= timestamp)
            {
                acknowledged++;
            }

            _inFlight.RemoveRange(0, acknowledged);
        }
    }

    public void Resync()
    {
        lock (_gate)
        {
            Clear();
            _inFlight.Clear();
            _waitingForKeyframe = true;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Clear();
        }

        _wake.Release();
    }

    private void Push(H264Frame frame)
    {
        _frames.Enqueue(frame);
        _queuedBytes += frame.Payload.Length;
        _wake.Release();
    }

    private void Clear()
    {
        _frames.Clear();
        _queuedBytes = 0;
    }
}

/// <summary>One encoded access unit as the streamer offers it: the message payload already framed for the profile.</summary>
internal sealed record H264Frame(bool IsKey, long Timestamp, byte[] Payload, bool IsText);
