namespace NanoKvm.Client.Video.H264;

/// <summary>
/// The access units received but not yet taken by the consumer. The socket receives as fast as the device sends,
/// so without flow control a slow consumer would make this grow without end; instead it keeps the firmware's own
/// rule for a viewer that falls behind (<c>service/stream/direct/client.go</c>, <c>frameQueue.offer</c>): past the
/// limit everything waiting is dropped and delta frames are skipped up to the next keyframe, which a decoder can
/// restart on. The same skip follows a reconnect. One producer (the receive loop) and one consumer.
/// </summary>
internal sealed class H264UnitQueue
{
    /// <summary>The firmware's per-viewer queue without flow control: 8 frames or 2 MiB (<c>defaultQueueFrames/Bytes</c>).</summary>
    public const int DefaultMaxUnits = 8;

    public const int DefaultMaxBytes = 2 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Queue<H264AccessUnit> _units = new();
    private readonly int _maxUnits;
    private readonly int _maxBytes;
    private int _queuedBytes;
    private bool _waitingForKeyframe = true;
    private bool _discontinuity;
    private bool _anyOffered;
    private Exception? _failure;
    private bool _completed;
    private TaskCompletionSource? _waiter;

    public H264UnitQueue(int maxUnits, int maxBytes)
    {
        _maxUnits = maxUnits;
        _maxBytes = maxBytes;
    }

    /// <summary>Units dropped so far: delta frames before a keyframe, and queued units dropped for a slow consumer.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds a unit as received; may drop it or what waits before it (see the class summary).</summary>
    public void Offer(H264AccessUnit unit)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (!unit.IsKeyFrame && _waitingForKeyframe)
            {
                // A decoder cannot use a delta frame without what came before it.
                Dropped++;
                return;
            }

            if (!unit.IsKeyFrame && (_units.Count >= _maxUnits || _queuedBytes + unit.Data.Length > _maxBytes))
            {
                // The consumer fell behind: drop what waits and skip to the next keyframe.
                Dropped++;
                DropQueuedLocked();
                return;
            }

            if (unit.IsKeyFrame && (_units.Count >= _maxUnits || _queuedBytes + unit.Data.Length > _maxBytes))
            {
                // A keyframe starts afresh: what waits before it is not worth delivering late.
                DropQueuedLocked();
            }

            _waitingForKeyframe = false;
            if (_discontinuity)
            {
                unit = unit.AfterDiscontinuity();
                _discontinuity = false;
            }

            _anyOffered = true;
            _units.Enqueue(unit);
            _queuedBytes += unit.Data.Length;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>A new connection: what follows starts at a keyframe and is marked as after a gap, if anything came before.</summary>
    public void Reconnected()
    {
        lock (_gate)
        {
            _waitingForKeyframe = true;
            _discontinuity |= _anyOffered;
        }
    }

    /// <summary>Ends the stream: the consumer gets what is queued, then <paramref name="failure"/> (or the end when null).</summary>
    public void Complete(Exception? failure)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _failure = failure;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>The next unit; null when the stream ended without failure.</summary>
    /// <exception cref="NanoKvmException">The stream failed (after every queued unit was taken).</exception>
    public async ValueTask<H264AccessUnit?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_units.TryDequeue(out var unit))
                {
                    _queuedBytes -= unit.Data.Length;
                    return unit;
                }

                if (_completed)
                {
                    return _failure is null ? null : throw _failure;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void DropQueuedLocked()
    {
        Dropped += _units.Count;
        _discontinuity |= _units.Count > 0 || _anyOffered;
        _units.Clear();
        _queuedBytes = 0;
        _waitingForKeyframe = true;
    }
}
