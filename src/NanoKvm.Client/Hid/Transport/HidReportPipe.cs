using System.Buffers;
using System.IO.Pipelines;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Hid.Transport;

/// <summary>
/// The outgoing side of the HID socket: callers encode each report as a complete, masked WebSocket frame straight
/// into a <see cref="Pipe"/>'s writer; one reader (<see cref="HidSession"/>'s sender) takes everything buffered and
/// hands it to the socket in as few writes as the pipe's segments allow. Each entry's caller is settled once the
/// socket took the byte that ends it.
/// </summary>
/// <remarks>
/// Bytes are never replayed across connections: the pipe counts <em>epochs</em>, one per connection. A drop
/// (<see cref="Discard"/>) fails every entry not yet handed to the socket and marks all bytes written so far for
/// skipping, so the next connection only carries reports written after the drop. An action's reports must all travel
/// in one epoch, since the host's key state was reset in between.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphores never create a wait handle; disposing them would race late writers for nothing.")]
internal sealed class HidReportPipe
{
    private readonly Pipe _pipe;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _slots;
    private readonly object _gate = new();
    private readonly Queue<Entry> _pending = new();
    private readonly ClientFrameEncoder _encoder = new();
    private long _written;
    private long _consumed;
    private long _discardUpTo;
    private long _epoch = 1;
    private int _peak;
    private Exception? _closed;


    public HidReportPipe(int capacity)
    {
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);

        // The reader runs inline on the writer's flush: an uncontended report is handed to the socket and settled
        // before its caller awaits, instead of costing two thread-pool hops. The pipe itself never pauses; the
        // entry slots bound what may wait.
        _pipe = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0,
            useSynchronizationContext: false));
    }

    /// <summary>Most entries that may wait for the socket at once.</summary>
    public int Capacity { get; }

    /// <summary>Most entries ever waiting at once (never above <see cref="Capacity"/>).</summary>
    public int PeakPending => Volatile.Read(ref _peak);

    /// <summary>The current connection epoch; bytes written now go out on the connection of this epoch.</summary>
    public long Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    public PipeReader Reader => _pipe.Reader;

    /// <summary>
    /// Writes one entry (one or more reports) and returns the task that completes when the socket took it.
    /// <paramref name="encode"/> writes the payloads through the given writer; it runs under the writer lock.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the entry was written (nothing was sent).</exception>
    public async ValueTask<Task> WriteAsync<TState>(
        TState state, FrameWriter<TState> encode, HidAction? action, bool input, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var release = true;
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate)
                {
                    if (_closed is not null)
                    {
                        throw new ObjectDisposedException(nameof(NanoKvmClient), _closed);
                    }

                    if (action is not null)
                    {
                        if (action.ConnectionId == 0)
                        {
                            action.ConnectionId = _epoch;
                        }
                        else if (action.ConnectionId != _epoch)
                        {
                            throw new NanoKvmException(
                                "The HID connection was lost in the middle of this action and has been re-established; what the action held was released, so it was stopped rather than continued half-done.",
                                HidSession.Endpoint);
                        }
                    }
                }

                var length = encode(new FrameSink(_pipe.Writer, _encoder), state);
                lock (_gate)
                {
                    _written += length;
                    _pending.Enqueue(new Entry(_written, done, input));
                    if (_pending.Count > _peak)
                    {
                        _peak = _pending.Count;
                    }
                }

                release = false;
                await _pipe.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return done.Task;
            }
            finally
            {
                _writer.Release();
            }
        }
        finally
        {
            if (release)
            {
                _slots.Release();
            }
        }
    }

    /// <summary>Writes a heartbeat if a slot is free now (a full pipe means reports are flowing anyway).</summary>
    public async ValueTask TryWriteHeartbeatAsync(ReadOnlyMemory<byte> payload)
    {
        if (!_slots.Wait(0))
        {
            return;
        }

        if (!_writer.Wait(0))
        {
            _slots.Release();
            return;
        }

        try
        {
            lock (_gate)
            {
                if (_closed is not null)
                {
                    _slots.Release();
                    return;
                }
            }

            var length = new FrameSink(_pipe.Writer, _encoder).Add(payload.Span, text: false);
            lock (_gate)
            {
                _written += length;
                _pending.Enqueue(new Entry(_written, null, false));
            }

            await _pipe.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// For the reader: the part of <paramref name="buffer"/> (starting at the reader's position) that belongs to a
    /// discarded epoch, in bytes.
    /// </summary>
    public long StaleBytes(in ReadOnlySequence<byte> buffer)
    {
        lock (_gate)
        {
            return Math.Min(buffer.Length, Math.Max(0, _discardUpTo - _consumed));
        }
    }

    /// <summary>For the reader: <paramref name="count"/> bytes were skipped or handed to the socket.</summary>
    /// <returns>Whether any settled entry carried input.</returns>
    public bool Consumed(long count)
    {
        var input = false;
        lock (_gate)
        {
            _consumed += count;
            while (_pending.TryPeek(out var entry) && entry.End <= _consumed)
            {
                _pending.Dequeue();
                input |= entry.Input;
                entry.Done?.TrySetResult();
                _slots.Release();
            }
        }

        return input;
    }

    /// <summary>
    /// A connection ended (or could not be opened): every entry not yet handed to the socket fails with
    /// <paramref name="failure"/>, their bytes will be skipped, and a new epoch begins.
    /// </summary>
    public void Discard(Exception failure)
    {
        lock (_gate)
        {
            _discardUpTo = _written;
            _epoch++;
            while (_pending.TryDequeue(out var entry))
            {
                entry.Done?.TrySetException(failure);
                _slots.Release();
            }
        }
    }

    /// <summary>No more writes: they fail with <paramref name="failure"/>; waiting entries fail too.</summary>
    public void Close(Exception failure)
    {
        lock (_gate)
        {
            _closed ??= failure;
        }

        Discard(failure);
    }

    /// <summary>Whether nothing waits for the socket.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0;
            }
        }
    }

    private readonly record struct Entry(long End, TaskCompletionSource? Done, bool Input);
}

/// <summary>Writes the payloads of one pipe entry; returns the bytes written (the sink advanced already).</summary>
internal delegate int FrameWriter<TState>(FrameSink sink, TState state);

/// <summary>Frames payloads as masked client frames directly into the pipe's memory.</summary>
internal readonly struct FrameSink(PipeWriter writer, ClientFrameEncoder encoder)
{
    /// <summary>Appends one message; returns the bytes written.</summary>
    public int Add(ReadOnlySpan<byte> payload, bool text)
    {
        var span = writer.GetSpan(ClientFrameEncoder.MaxFrameLength);
        var length = encoder.Encode(span, payload, text);
        writer.Advance(length);
        return length;
    }
}
