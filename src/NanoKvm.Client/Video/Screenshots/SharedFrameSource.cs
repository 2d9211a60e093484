using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;
using NanoKvm.Client.Video.Mjpeg;

namespace NanoKvm.Client.Video.Screenshots;

/// <summary>
/// One MJPEG connection shared by every screenshot and wait of a client. It opens on the first lease, keeps only the
/// newest frame, numbers accepted frames with a counter that never repeats across reconnects, and closes
/// <see cref="NanoKvmVideoOptions.StreamLinger"/> after the last lease ends (so back-to-back screenshots reuse it).
/// </summary>
/// <remarks>
/// The first frame of every connection is discarded: after the device stopped capturing (idle timeout, HDMI reset,
/// no viewer) its first frame can still show the screen from before the stop. <see cref="DiscardNextFrame"/> does
/// the same after an HDMI reset made through this client.
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "Released by CloseAsync/Abort, which NanoKvmClient calls through VideoClient when it is disposed.")]
internal sealed partial class SharedFrameSource
{
    private readonly ApiConnection _api;
    private readonly NanoKvmVideoOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private TaskCompletionSource _signal = NewSignal();
    private CancellationTokenSource? _loopCancellation;
    private Task? _loop;
    private ITimer? _linger;
    private VideoFrame? _latest;
    private long _counter;
    private long _failures;
    private Exception? _failure;
    private int _leases;
    private bool _discardNext;
    private bool _disposed;

    public SharedFrameSource(ApiConnection api, NanoKvmVideoOptions options, ILogger logger)
    {
        _api = api;
        _options = options;
        _logger = logger;
    }

    /// <summary>The counter of the newest accepted frame (0 before any).</summary>
    public long Counter
    {
        get
        {
            lock (_gate)
            {
                return _counter;
            }
        }
    }

    /// <summary>Failures seen so far; a waiter only reports failures that happen after it started.</summary>
    public long Failures
    {
        get
        {
            lock (_gate)
            {
                return _failures;
            }
        }
    }

    /// <summary>Keeps the connection open (opening it if needed) until the lease is disposed.</summary>
    public IDisposable Acquire()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _leases++;
            _linger?.Dispose();
            _linger = null;
            if (_loop is null || _loop.IsCompleted)
            {
                _loopCancellation?.Dispose();
                _loopCancellation = new CancellationTokenSource();
                _failure = null;
                var token = _loopCancellation.Token;
                _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
            }
        }

        return new Lease(this);
    }

    /// <summary>Drops the next frame (capture restarted; its first frame may be stale).</summary>
    public void DiscardNextFrame()
    {
        lock (_gate)
        {
            _discardNext = true;
        }
    }

    /// <summary>
    /// Waits for an accepted frame whose counter is above <paramref name="after"/>. Returns a frame the caller owns
    /// (sharing the buffer, no copy) and its counter.
    /// </summary>
    /// <exception cref="NanoKvmException">The connection failed after <paramref name="failuresBefore"/> failures had been seen.</exception>
    public async Task<(VideoFrame Frame, long Counter)> WaitForFrameAsync(long after, long failuresBefore, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_latest is not null && _counter > after)
                {
                    return (_latest.Share(), _counter);
                }

                if (_failures > failuresBefore && _failure is { } failure)
                {
                    throw failure as NanoKvmException
                        ?? new NanoKvmException($"{MjpegConnection.Endpoint} failed: {failure.Message}", MjpegConnection.Endpoint, innerException: failure);
                }

                signal = _signal.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // A connection that delivered frames and then broke (device restart, network blip) is reopened once at
        // once; waiters only see a failure when opening or reading fails again without a frame in between.
        var retried = false;
        while (true)
        {
            var delivered = false;
            try
            {
                var connection = await MjpegConnection.OpenAsync(_api, _options, cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var first = true;
                    while (await connection.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
                    {
                        bool discard;
                        lock (_gate)
                        {
                            discard = first || _discardNext;
                            _discardNext = false;
                        }

                        first = false;
                        delivered = true;
                        retried = false;
                        if (discard)
                        {
                            LogDiscarded(_logger, frame.Sequence);
                            frame.Dispose();
                            continue;
                        }

                        Publish(frame);
                    }
                }

                throw new NanoKvmException($"{MjpegConnection.Endpoint} was closed by the device.", MjpegConnection.Endpoint);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // closed after the linger period or on dispose
            }
            catch (Exception ex)
            {
                if (delivered && !retried)
                {
                    LogReconnecting(_logger, ex);
                    retried = true;
                    continue;
                }

                LogStreamFailed(_logger, ex);
                Fail(ex);
                return;
            }
        }
    }

    private void Publish(VideoFrame frame)
    {
        VideoFrame? previous;
        TaskCompletionSource signal;
        lock (_gate)
        {
            previous = _latest;
            _latest = frame;
            _counter++;
            signal = _signal;
            _signal = NewSignal();
        }

        previous?.Dispose();
        signal.TrySetResult();
    }

    private void Fail(Exception failure)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _failure = failure;
            _failures++;
            signal = _signal;
            _signal = NewSignal();
        }

        signal.TrySetResult();
    }

    private void Release()
    {
        lock (_gate)
        {
            if (--_leases > 0 || _disposed)
            {
                return;
            }

            _linger?.Dispose();
            _linger = _api.Time.CreateTimer(static state => ((SharedFrameSource)state!).CloseIfUnused(), this, _options.StreamLinger, Timeout.InfiniteTimeSpan);
        }
    }

    private void CloseIfUnused()
    {
        lock (_gate)
        {
            if (_leases > 0)
            {
                return;
            }

            _linger?.Dispose();
            _linger = null;
            _loopCancellation?.Cancel();
        }
    }

    /// <summary>Closes the connection and waits for its reader to stop (client dispose).</summary>
    public async ValueTask CloseAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _linger?.Dispose();
            _loopCancellation?.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _latest?.Dispose();
            _latest = null;
            _loopCancellation?.Dispose();
        }
    }

    /// <summary>Stops the connection without waiting (synchronous client dispose).</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _disposed = true;
            _linger?.Dispose();
            _loopCancellation?.Cancel();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discarded MJPEG frame {Sequence}: the first frame after capture (re)starts may be stale")]
    private static partial void LogDiscarded(ILogger logger, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared MJPEG stream broke off; reconnecting")]
    private static partial void LogReconnecting(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared MJPEG stream failed")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);

    private sealed class Lease(SharedFrameSource owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
