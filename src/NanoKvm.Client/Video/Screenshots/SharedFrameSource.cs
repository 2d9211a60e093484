using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;
using NanoKvm.Client.Resilience;
using NanoKvm.Client.Video.Mjpeg;

namespace NanoKvm.Client.Video.Screenshots;

/// <summary>
/// One MJPEG connection shared by every screenshot and wait of a client. It opens on the first lease, keeps only the
/// newest frame, numbers accepted frames with a counter that never repeats across reconnects, and closes
/// <see cref="NanoKvmVideoOptions.StreamLinger"/> after the last lease ends (so back-to-back screenshots reuse it).
/// </summary>
/// <remarks>
/// <para>
/// A connection that ends is replaced: at once when it had lived <see cref="StableAfter"/>, otherwise after a
/// <see cref="ReconnectBackoff"/> delay (250 ms doubling to 5 s, with jitter). A connection that gave no frame hands
/// its error to the waiters, so a parse error reaches the caller instead of a timeout. While a waiter
/// <see cref="ExpectFrames">expects frames</see>, a connection silent for <see cref="NanoKvmVideoOptions.StallTimeout"/>
/// is dropped and replaced. The reason is logged once per change of reason, not per attempt.
/// </para>
/// <para>
/// The first frame of every connection is discarded: after the device stopped capturing (idle timeout, HDMI reset,
/// no viewer) its first frame can still show the screen from before the stop. <see cref="DiscardNextFrame"/> does
/// the same after an HDMI reset made through this client.
/// </para>
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "Released by CloseAsync/Abort, which NanoKvmClient calls through VideoClient when it is disposed.")]
internal sealed partial class SharedFrameSource
{
    private readonly ApiConnection _api;
    private readonly NanoKvmVideoOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly ReconnectBackoff _backoff;
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
    private MjpegConnection? _current;
    private CancellationTokenSource? _currentCancellation;
    private int _expecting;
    private long _expectingSince;
    private long _stalls;
    private long _stallsReported;
    private string? _reportedReason;

    public SharedFrameSource(ApiConnection api, NanoKvmVideoOptions options, ILogger logger)
    {
        _api = api;
        _options = options;
        _logger = logger;
        _backoff = new ReconnectBackoff(InitialReconnectDelay, MaxReconnectDelay, StableAfter);
    }

    /// <summary>First delay after a connection that failed or ended within <see cref="StableAfter"/>.</summary>
    internal static readonly TimeSpan InitialReconnectDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the reconnect delay.</summary>
    internal static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>A connection that lived this long restarts the schedule and is reopened at once when it ends.</summary>
    internal static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

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
        using var watchdog = _api.Time.CreateTimer(
            static state => ((SharedFrameSource)state!).CheckStall(), this, WatchdogPeriod, WatchdogPeriod);
        while (true)
        {
            var opened = _api.Time.GetTimestamp();
            var published = false;
            var stalled = false;
            Exception failure;
            using var connectionCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var connection = await MjpegConnection.OpenAsync(_api, _options, connectionCancellation.Token).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    SetCurrent(connection, connectionCancellation);
                    var first = true;
                    while (await connection.ReadFrameAsync(connectionCancellation.Token).ConfigureAwait(false) is { } frame)
                    {
                        bool discard;
                        lock (_gate)
                        {
                            discard = first || _discardNext;
                            _discardNext = false;
                        }

                        first = false;
                        if (discard)
                        {
                            LogDiscarded(_logger, frame.Sequence);
                            frame.Dispose();
                            continue;
                        }

                        published = true;
                        Publish(frame);
                        ReportRecovered();
                    }
                }

                failure = new NanoKvmException($"{MjpegConnection.Endpoint} was closed by the device.", MjpegConnection.Endpoint);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return; // closed after the linger period or on dispose
            }
            catch (Exception) when (connectionCancellation.IsCancellationRequested)
            {
                // Cancelling a read may surface as an IOException as well as an OperationCanceledException.
                stalled = true;
                failure = new NanoKvmException(
                    $"{MjpegConnection.Endpoint} stalled: no data for {Seconds(_options.StallTimeout)} s while a frame was expected "
                    + "(NanoKvmVideoOptions.StallTimeout); the connection was dropped and is being replaced.",
                    MjpegConnection.Endpoint, HttpStatusCode.OK);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                SetCurrent(null, null);
            }

            // A connection that lived long enough ends like a device restart or a network blip: reopen at once.
            // Anything shorter backs off, so a device that breaks every stream right away sees a bounded rate.
            var stable = _backoff.ConnectionEnded(_api.Time.GetElapsedTime(opened));
            if (stalled)
            {
                // Waiters keep waiting for the replacement; their timeout names the stall.
                lock (_gate)
                {
                    _stalls++;
                }
            }
            else if (!published)
            {
                // Nobody got a frame from this connection: waiters must hear why instead of waiting for their timeout.
                Fail(WithStallContext(failure));
            }

            var delay = stable ? TimeSpan.Zero : _backoff.Next();
            ReportFailure(failure, delay);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _api.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Stalls seen so far; a screenshot that timed out after one says so instead of blaming the HDMI source.</summary>
    public long Stalls
    {
        get
        {
            lock (_gate)
            {
                return _stalls;
            }
        }
    }

    /// <summary>
    /// Declares that a frame must arrive (frame detection is off, or bypassed with the HDMI signal present): while one
    /// such declaration is held, a connection that receives no byte for <see cref="NanoKvmVideoOptions.StallTimeout"/>
    /// is dropped and replaced. Without it a silent stream is normal (a static screen with frame detection on).
    /// </summary>
    public IDisposable ExpectFrames()
    {
        lock (_gate)
        {
            if (_expecting++ == 0)
            {
                _expectingSince = _api.Time.GetTimestamp();
            }
        }

        return new Expectation(this);
    }

    private TimeSpan WatchdogPeriod => _options.StallTimeout / 4;

    private void SetCurrent(MjpegConnection? connection, CancellationTokenSource? cancellation)
    {
        lock (_gate)
        {
            _current = connection;
            _currentCancellation = cancellation;
        }
    }

    private void CheckStall()
    {
        CancellationTokenSource? stalled = null;
        lock (_gate)
        {
            if (_expecting > 0 && _current is { } connection && _currentCancellation is { } cancellation)
            {
                var since = Math.Max(connection.LastActivity, _expectingSince);
                if (_api.Time.GetElapsedTime(since) >= _options.StallTimeout)
                {
                    stalled = cancellation;
                    _current = null;
                    _currentCancellation = null;
                }
            }
        }

        try
        {
            stalled?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended on its own meanwhile.
        }
    }

    private Exception WithStallContext(Exception failure)
    {
        lock (_gate)
        {
            if (_stalls == 0 || _stallsReported == _stalls)
            {
                return failure;
            }

            _stallsReported = _stalls;
        }

        return new NanoKvmException(
            $"{MjpegConnection.Endpoint} stalled (no data for {Seconds(_options.StallTimeout)} s while a frame was expected) and could not be replaced: {failure.Message}",
            MjpegConnection.Endpoint, (failure as NanoKvmException)?.StatusCode, innerException: failure);
    }

    /// <summary>Logs a failure once per kind of failure, not once per attempt; each attempt goes to Debug.</summary>
    private void ReportFailure(Exception failure, TimeSpan delay)
    {
        // The same failure repeats with different byte offsets and counts: compare messages without their numbers.
        var reason = Digits().Replace(failure.Message, "#");
        bool changed;
        lock (_gate)
        {
            changed = !string.Equals(reason, _reportedReason, StringComparison.Ordinal);
            _reportedReason = reason;
        }

        if (changed)
        {
            // NanoKvmException messages are built from cleaned device text already; anything else is cleaned here.
            LogStreamFailing(_logger, failure is NanoKvmException ? failure.Message : DeviceText.Clean(failure.Message)!, failure.GetType().Name);
        }

        LogReconnectAttempt(_logger, _backoff.Attempt, delay.TotalMilliseconds);
    }

    private void ReportRecovered()
    {
        string? previous;
        lock (_gate)
        {
            previous = _reportedReason;
            _reportedReason = null;
        }

        if (previous is not null)
        {
            LogStreamRecovered(_logger);
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex Digits();

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

    // Only the cleaned message: an attached exception would carry inner .NET messages that quote device bytes unescaped.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared MJPEG stream failed; reconnecting with backoff until it delivers again: {Reason} ({ExceptionType})")]
    private static partial void LogStreamFailing(ILogger logger, string reason, string exceptionType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shared MJPEG reconnect attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogReconnectAttempt(ILogger logger, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared MJPEG stream delivers frames again")]
    private static partial void LogStreamRecovered(ILogger logger);

    private void EndExpectation()
    {
        lock (_gate)
        {
            _expecting--;
        }
    }

    private sealed class Expectation(SharedFrameSource owner) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.EndExpectation();
            }
        }
    }

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
