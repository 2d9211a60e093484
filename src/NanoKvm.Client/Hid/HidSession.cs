using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Auth;
using NanoKvm.Client.Hid.Reports;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Hid;

/// <summary>
/// The client's one long-lived <c>/api/ws</c> connection: a bounded channel of frames drained by one sender loop,
/// one receive loop for device pushes, heartbeat, reconnect with backoff (re-login on 4401), and the record of held
/// keys and buttons that it releases after a reconnect and on dispose.
/// </summary>
/// <remarks>
/// Every report is encoded by its caller into a fixed-size <see cref="HidFrame"/> (no heap buffer), or many of them
/// into one <see cref="HidFrameBatch"/>, and awaited until the socket accepted it, so a report that cannot be
/// delivered fails its caller. The sender loop frames everything queued at that moment into one socket write.
/// Frames already queued when a connection drops fail too: their order relative to the lost ones is unknowable, and
/// the reconnect has already released everything the host might still hold.
/// </remarks>
internal sealed partial class HidSession : IAsyncDisposable
{
    private const string Endpoint = "GET /api/ws";
    private const int MaxPushBytes = 64 * 1024;
    private const int CloseSessionRevoked = 4401;

    /// <summary>Most bytes of frames per socket write: about 2,900 binary reports, 32 KiB per session.</summary>
    private const int WriteBufferBytes = 32 * 1024;
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

    private readonly NanoKvmClient _owner;
    private readonly NanoKvmHidOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<HidFrame> _queue;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();
    private Task? _sendLoop;
    private Task? _heartbeatLoop;
    private Connection? _connection;
    private Task<Connection>? _connecting;
    private bool _everConnected;
    private int _disposed;
    private int _peakQueued;
    private long _connectionCount;
    private long _connectionIds;
    private int _inputSent;
    private KeyboardLedState? _leds;
    private FirmwareCapabilities? _capabilities;
    private readonly TaskCompletionSource _firstLeds = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HidSession(NanoKvmClient owner)
    {
        _owner = owner;
        _options = owner.Options.Hid;
        _logger = owner.Logger;
        _queue = Channel.CreateBounded<HidFrame>(new BoundedChannelOptions(_options.SendQueueCapacity)
        {
            // The sender loop reads; a lost connection also drains what was queued for it.
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,

            // A write wakes the waiting sender loop on the writer's own thread: an uncontended report is then sent
            // and completed before the caller awaits it, instead of costing two thread-pool hops (benchmarks: ~8x).
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Raised when the device pushes a keyboard LED state (on connect and on change).</summary>
    public event Action<KeyboardLedState>? LedsChanged;

    /// <summary>Raised when the device pushes a <c>capture-status</c> message.</summary>
    public event Action<CaptureStatus>? CaptureStatusChanged;

    public KeyboardState Keyboard { get; } = new();

    public MouseState Mouse { get; } = new();

    /// <summary>Serialises keyboard actions so their reports do not interleave.</summary>
    public SemaphoreSlim KeyboardLock { get; } = new(1, 1);

    /// <summary>Serialises mouse actions.</summary>
    public SemaphoreSlim MouseLock { get; } = new(1, 1);

    public NanoKvmHidOptions Options => _options;

    public TimeProvider Time => _owner.Options.TimeProvider;

    /// <summary>The last LED state pushed by the device, or null before the first push.</summary>
    public KeyboardLedState? Leds => Volatile.Read(ref _leds);

    public int QueueCapacity => _options.SendQueueCapacity;

    /// <summary>Most frames ever waiting in the send queue at once (never above <see cref="QueueCapacity"/>).</summary>
    public int PeakQueuedFrames => Volatile.Read(ref _peakQueued);

    public long ConnectionCount => Interlocked.Read(ref _connectionCount);

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connection is { IsDead: false };
            }
        }
    }

    public Task<FirmwareCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        _owner.GetCapabilitiesAsync(cancellationToken);

    /// <summary>Opens the socket now (pushes start flowing) unless it is open.</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        EnsureLoops();
        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the socket and waits briefly for the device's LED snapshot (sent on connect from 2.5.0), so typing
    /// right after start-up already knows about Caps Lock. Returns the state, or null when none came in time.
    /// </summary>
    public async Task<KeyboardLedState?> GetLedsForTypingAsync(CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _firstLeds.Task.WaitAsync(TimeSpan.FromSeconds(1), Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // An LED snapshot that does not come within a second is treated as unknown.
        }

        return Leds;
    }

    public Task SendKeyboardAsync(in KeyboardReport report, FirmwareCapabilities capabilities, CancellationToken cancellationToken) =>
        SendKeyboardAsync(report, capabilities, null, cancellationToken);

    public Task SendKeyboardAsync(in KeyboardReport report, FirmwareCapabilities capabilities, HidAction? action, CancellationToken cancellationToken)
    {
        var frame = default(HidFrame);
        if (capabilities.HidEncoding == HidEncoding.BinaryReports)
        {
            frame.Length = (byte)BinaryReportEncoder.EncodeKeyboard(frame.Bytes, report);
        }
        else
        {
            frame.Length = (byte)JsonReportEncoder.EncodeKeyboard(frame.Bytes, report);
            frame.IsText = true;
        }

        frame.Action = action;
        return SendAsync(frame, cancellationToken);
    }

    /// <summary>
    /// Queues all reports of <paramref name="batch"/> as one entry, so they leave in one socket write, and waits until
    /// the socket took the last of them. The session owns the batch from here on.
    /// </summary>
    public Task SendBatchAsync(HidFrameBatch batch, HidAction? action, CancellationToken cancellationToken) =>
        SendAsync(new HidFrame { Batch = batch, Action = action }, cancellationToken);

    /// <summary>Queues a frame and waits until the socket took it.</summary>
    public async Task SendAsync(HidFrame frame, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        EnsureLoops();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        frame.Done = done;
        try
        {
            await _queue.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            frame.Batch?.Dispose();
            throw new ObjectDisposedException(nameof(NanoKvmClient), ex);
        }
        catch (OperationCanceledException)
        {
            frame.Batch?.Dispose();
            throw;
        }

        NotePeak();
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void NotePeak()
    {
        var count = _queue.Reader.Count;
        int peak;
        while (count > (peak = Volatile.Read(ref _peakQueued)))
        {
            if (Interlocked.CompareExchange(ref _peakQueued, count, peak) == peak)
            {
                break;
            }
        }
    }

    private void EnsureLoops()
    {
        if (Volatile.Read(ref _sendLoop) is not null)
        {
            return;
        }

        lock (_gate)
        {
            _sendLoop ??= Task.Run(SendLoopAsync);
            _heartbeatLoop ??= Task.Run(HeartbeatLoopAsync);
        }
    }

    private async Task SendLoopAsync()
    {
        var outgoing = new OutgoingFrames(WriteBufferBytes);
        var drained = new List<HidFrame>(_options.SendQueueCapacity);
        var inBuffer = new List<HidFrame>(_options.SendQueueCapacity);
        var token = _lifetime.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                // Everything already queued goes out together: one socket write carries many reports.
                while (drained.Count < _options.SendQueueCapacity && _queue.Reader.TryRead(out var frame))
                {
                    drained.Add(frame);
                }

                await SendDrainedAsync(drained, outgoing, inBuffer, token).ConfigureAwait(false);
                drained.Clear();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Complete(new ObjectDisposedException(nameof(NanoKvmClient)));
        }
    }

    /// <summary>
    /// Frames <paramref name="frames"/> into as few socket writes as fit <paramref name="outgoing"/> and settles each
    /// caller once the write holding its last report succeeded; on failure, every frame not yet written fails.
    /// </summary>
    private async Task SendDrainedAsync(List<HidFrame> frames, OutgoingFrames outgoing, List<HidFrame> inBuffer, CancellationToken token)
    {
        Connection? connection = null;
        var next = 0;
        try
        {
            // Heartbeats are only worth sending on a live connection; anything else opens one.
            connection = CurrentLive();
            if (connection is null && frames.Exists(frame => !frame.IsHeartbeat))
            {
                connection = await GetConnectionAsync(token).ConfigureAwait(false);
            }

            for (; next < frames.Count; next++)
            {
                var frame = frames[next];
                if (connection is null)
                {
                    frame.Complete(null);
                    continue;
                }

                if (IsStale(frame, connection))
                {
                    frame.Complete(new NanoKvmException(
                        "The HID connection was lost in the middle of this action and has been re-established; what the action held was released, so it was stopped rather than continued half-done.",
                        Endpoint));
                    continue;
                }

                if (!frame.IsHeartbeat)
                {
                    Volatile.Write(ref _inputSent, 1);
                }

                if (frame.Batch is { } batch)
                {
                    var position = 0;
                    while ((position = batch.EncodeInto(outgoing, position)) < batch.StoredLength)
                    {
                        await FlushAsync(connection, outgoing, inBuffer, token).ConfigureAwait(false);
                    }
                }
                else
                {
                    if (!outgoing.HasRoom)
                    {
                        await FlushAsync(connection, outgoing, inBuffer, token).ConfigureAwait(false);
                    }

                    Encode(outgoing, frame);
                }

                inBuffer.Add(frame);
            }

            if (connection is not null)
            {
                await FlushAsync(connection, outgoing, inBuffer, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Exception failure = ex is OperationCanceledException && token.IsCancellationRequested
                ? new ObjectDisposedException(nameof(NanoKvmClient))
                : ex as NanoKvmException ?? new NanoKvmException(
                    $"A HID report could not be delivered: the /api/ws connection failed ({ex.Message}). Held keys and buttons are released when it reconnects.",
                    Endpoint, innerException: ex);
            if (connection is not null && failure is not ObjectDisposedException)
            {
                LogSendFailed(_logger, ex.Message);
                ConnectionLost(connection, null);
            }

            foreach (var frame in inBuffer)
            {
                frame.Complete(failure);
            }

            for (; next < frames.Count; next++)
            {
                frames[next].Complete(failure);
            }

            inBuffer.Clear();
            outgoing.Clear();
            if (failure is ObjectDisposedException)
            {
                throw;
            }
        }
    }

    /// <summary>True when the frame's action began on an earlier connection (the frame must not be sent).</summary>
    private static bool IsStale(in HidFrame frame, Connection connection)
    {
        if (frame.Action is not { } action)
        {
            return false;
        }

        if (action.ConnectionId == 0)
        {
            action.ConnectionId = connection.Id;
            return false;
        }

        return action.ConnectionId != connection.Id;
    }

    private static void Encode(OutgoingFrames outgoing, in HidFrame frame) =>
        outgoing.Add(((ReadOnlySpan<byte>)frame.Bytes)[..frame.Length], frame.IsText);

    /// <summary>Writes what is buffered in one socket write and settles the frames it completed.</summary>
    private async ValueTask FlushAsync(Connection connection, OutgoingFrames outgoing, List<HidFrame> inBuffer, CancellationToken token)
    {
        if (outgoing.Length > 0)
        {
            await connection.Web.WriteFramesAsync(outgoing.Encoded, token).ConfigureAwait(false);
            outgoing.Clear();
        }

        var input = false;
        foreach (var frame in inBuffer)
        {
            input |= !frame.IsHeartbeat;
            frame.Complete(null);
        }

        inBuffer.Clear();
        if (input)
        {
            // Screenshots settle after the last input: capture lags input by about a frame.
            _owner.Video.NotifyInput();
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _lifetime.Token;
        try
        {
            while (true)
            {
                await Task.Delay(_options.HeartbeatInterval, Time, token).ConfigureAwait(false);
                if (CurrentLive() is { Capabilities.HidHeartbeatRequired: true })
                {
                    // A full queue means reports are flowing, which refreshes the device's deadline anyway.
                    var beat = new HidFrame { IsHeartbeat = true };
                    beat.Length = (byte)BinaryReportEncoder.EncodeHeartbeat(beat.Bytes);
                    _queue.Writer.TryWrite(beat);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private Connection? CurrentLive()
    {
        lock (_gate)
        {
            return _connection is { IsDead: false } live ? live : null;
        }
    }

    private Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_connection is { IsDead: false } live)
            {
                return Task.FromResult(live);
            }

            _connecting ??= Task.Run(ConnectWithRetryAsync);
            return _connecting.WaitAsync(cancellationToken);
        }
    }

    private async Task<Connection> ConnectWithRetryAsync()
    {
        var token = _lifetime.Token;
        var delay = _options.ReconnectDelay;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var connection = await ConnectOnceAsync(token).ConfigureAwait(false);
                    lock (_gate)
                    {
                        _connection = connection;
                        _connecting = null;
                    }

                    connection.Receiver = Task.Run(() => ReceiveLoopAsync(connection));
                    Interlocked.Increment(ref _connectionCount);
                    return connection;
                }
                catch (Exception ex) when (attempt < _options.ReconnectAttempts && !token.IsCancellationRequested
                    && ex is not (NanoKvmAuthenticationException or NanoKvmForbiddenException or ObjectDisposedException))
                {
                    LogConnectRetry(_logger, attempt, delay.TotalMilliseconds, ex.Message);
                    await Task.Delay(delay, Time, token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                }
            }
        }
        catch
        {
            lock (_gate)
            {
                _connecting = null;
            }

            throw;
        }
    }

    private async Task<Connection> ConnectOnceAsync(CancellationToken token)
    {
        var capabilities = await _owner.GetCapabilitiesAsync(token).ConfigureAwait(false);
        var socket = await _owner.Api.ConnectWebSocketAsync("/api/ws", TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
        var ticket = await _owner.Api.Session.GetAsync(token).ConfigureAwait(false);
        var connection = new Connection(socket, capabilities, ticket, Interlocked.Increment(ref _connectionIds));
        Volatile.Write(ref _capabilities, capabilities);
        bool reconnect;
        lock (_gate)
        {
            reconnect = _everConnected;
            _everConnected = true;
        }

        if (reconnect)
        {
            await ReleaseAfterReconnectAsync(connection, token).ConfigureAwait(false);
        }

        LogConnected(_logger, capabilities.Version, capabilities.HidEncoding);
        return connection;
    }

    /// <summary>
    /// After a drop the host may still hold what we pressed: firmware before 2.4.1 does not release on close, and
    /// the last release may have been lost with the connection (our own bookkeeping may already say "released").
    /// So whenever input went out on the previous connection, send the all-released keyboard report and a
    /// button-up report first — on binary firmware a relative report also releases the absolute pointer's buttons —
    /// then forget the held state.
    /// </summary>
    private async Task ReleaseAfterReconnectAsync(Connection connection, CancellationToken token)
    {
        Keyboard.Clear();
        Mouse.ClearButtons();
        if (Interlocked.Exchange(ref _inputSent, 0) == 0)
        {
            return;
        }

        var binary = connection.Capabilities.HidEncoding == HidEncoding.BinaryReports;
        var type = binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        var buffer = new byte[JsonReportEncoder.MaxLength];
        var empty = KeyboardReport.Empty;
        var length = binary ? BinaryReportEncoder.EncodeKeyboard(buffer, empty) : JsonReportEncoder.EncodeKeyboard(buffer, empty);
        await connection.Socket.SendAsync(buffer.AsMemory(0, length), type, true, token).ConfigureAwait(false);
        length = binary
            ? BinaryReportEncoder.EncodeRelative(buffer, 0, 0, 0, 0)
            : JsonReportEncoder.EncodeMouse(buffer, JsonReportEncoder.EventUp, 0, 0, 0);
        await connection.Socket.SendAsync(buffer.AsMemory(0, length), type, true, token).ConfigureAwait(false);
        LogReleasedAfterReconnect(_logger);
    }

    private async Task ReceiveLoopAsync(Connection connection)
    {
        var token = _lifetime.Token;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var used = 0;
        var skipping = false;
        WebSocketCloseStatus? closeStatus = null;
        try
        {
            while (true)
            {
                if (used == buffer.Length)
                {
                    if (buffer.Length >= MaxPushBytes)
                    {
                        // An oversized push is not one we understand; drop it rather than grow without bound.
                        skipping = true;
                        used = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, used).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var result = await connection.Socket.ReceiveAsync(buffer.AsMemory(used), token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closeStatus = connection.Socket.CloseStatus;
                    break;
                }

                used += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (!skipping && result.MessageType == WebSocketMessageType.Text)
                {
                    HandlePush(buffer.AsSpan(0, used));
                }

                skipping = false;
                used = 0;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            LogReceiveFailed(_logger, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        ConnectionLost(connection, closeStatus);
    }

    private void HandlePush(ReadOnlySpan<byte> message)
    {
        try
        {
            var push = JsonSerializer.Deserialize(message, HidJsonContext.Default.WsPush);
            if (push?.Data is null)
            {
                return;
            }

            switch (push.Type)
            {
                case "hid-led-status":
                    if (JsonSerializer.Deserialize(push.Data, HidJsonContext.Default.LedWire) is { } led)
                    {
                        var state = ToState(led);
                        Volatile.Write(ref _leds, state);
                        _firstLeds.TrySetResult();
                        LedsChanged?.Invoke(state);
                    }

                    break;
                case "capture-status":
                    if (JsonSerializer.Deserialize(push.Data, HidJsonContext.Default.CaptureStatusWire) is { } capture)
                    {
                        CaptureStatusChanged?.Invoke(new CaptureStatus(
                            capture.Ok, capture.Result, capture.Message ?? string.Empty, capture.Mode ?? string.Empty,
                            capture.Severity ?? string.Empty, ParseTime(capture.UpdatedAt)));
                    }

                    break;
                default:
                    break;
            }
        }
        catch (JsonException ex)
        {
            LogBadPush(_logger, ex.Message);
        }
    }

    internal static KeyboardLedState ToState(LedWire wire) =>
        new(wire.NumLock, wire.CapsLock, wire.ScrollLock, wire.Known, wire.Known ? ParseTime(wire.UpdatedAt) : null);

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
        && time.Year > 1 ? time : null;

    /// <summary>Marks a connection dead once and reconnects in the background (re-login first on 4401).</summary>
    private void ConnectionLost(Connection connection, WebSocketCloseStatus? closeStatus)
    {
        if (!connection.MarkDead())
        {
            return;
        }

        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
            }
        }

        // Frames queued behind the lost one belong to actions that already failed or will be released; fail them now
        // rather than replay them on a connection where the host's key state was reset.
        FailQueued();
        LogConnectionLost(_logger, closeStatus.HasValue ? (int)closeStatus.Value : -1);
        connection.Web.Abort();
        connection.Web.Dispose();
        if (_lifetime.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if ((int?)closeStatus == CloseSessionRevoked)
                {
                    await _owner.Api.Session.RenewAsync(connection.Ticket, _lifetime.Token).ConfigureAwait(false);
                }

                await GetConnectionAsync(_lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The next send tries again and reports the failure to its caller.
                LogBackgroundReconnectFailed(_logger, ex.Message);
            }
        });
    }

    private void FailQueued()
    {
        var failure = new NanoKvmException(
            "The HID connection dropped before this report was sent; held keys and buttons are released on reconnect.", Endpoint);
        while (_queue.Reader.TryRead(out var frame))
        {
            frame.Complete(failure);
        }
    }

    /// <summary>Sends the all-released reports if anything is held, within a short time.</summary>
    /// <summary>Forgets held keys and buttons after the device released them itself (HID reset re-plugs USB).</summary>
    public async Task ForgetHeldInputAsync(CancellationToken cancellationToken)
    {
        await KeyboardLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Keyboard.Clear();
        }
        finally
        {
            KeyboardLock.Release();
        }

        await MouseLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Mouse.ClearButtons();
        }
        finally
        {
            MouseLock.Release();
        }
    }

    public async Task ReleaseEverythingAsync(CancellationToken cancellationToken)
    {
        var keyboardHeld = !Keyboard.IsEmpty;
        var mouseHeld = Mouse.Buttons != 0;
        if (!keyboardHeld && !mouseHeld)
        {
            return;
        }

        // The owner may already be marked disposed, so use what the last connection was opened with.
        var capabilities = Volatile.Read(ref _capabilities) ?? await GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (keyboardHeld)
        {
            Keyboard.Clear();
            await SendKeyboardAsync(KeyboardReport.Empty, capabilities, cancellationToken).ConfigureAwait(false);
        }

        if (mouseHeld)
        {
            var (_, device) = Mouse.ClearButtons();
            var frame = default(HidFrame);
            if (capabilities.HidEncoding == HidEncoding.JsonArrays)
            {
                frame.Length = (byte)JsonReportEncoder.EncodeMouse(frame.Bytes, JsonReportEncoder.EventUp, 0, 0, 0);
                frame.IsText = true;
            }
            else if (device == MouseMode.Absolute && Mouse.HasPosition)
            {
                frame.Length = (byte)BinaryReportEncoder.EncodeAbsolute(frame.Bytes, 0, Mouse.X, Mouse.Y, 0);
            }
            else
            {
                frame.Length = (byte)BinaryReportEncoder.EncodeRelative(frame.Bytes, 0, 0, 0, 0);
            }

            await SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes without waiting (synchronous dispose of the client); nothing can be released.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _lifetime.Cancel();
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
        }

        connection?.Web.Abort();
        connection?.Web.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await ReleaseBeforeClose.RunAsync(this, ReleaseTimeout, reason => LogReleaseOnDisposeFailed(_logger, reason)).ConfigureAwait(false);

        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        if (connection is { IsDead: false })
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), Time);
                await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client disposed", timeout.Token)
                    .ConfigureAwait(false);

                // Wait for the device to read up to our close (its answer ends the receive loop); aborting earlier
                // could reset the connection before it read the release reports sent just before.
                if (connection.Receiver is { } receiver)
                {
                    await receiver.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing politely is best effort; the abort below frees the socket either way.
            }
        }

        _lifetime.Cancel();
        connection?.MarkDead();
        connection?.Web.Abort();
        foreach (var loop in new[] { _sendLoop, _heartbeatLoop, connection?.Receiver })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
                {
                    // Loops end by cancellation.
                }
            }
        }

        // _lifetime is deliberately not disposed: a background reconnect that is just ending may still read its token.
        connection?.Web.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);

    private sealed class Connection(DeviceWebSocket web, FirmwareCapabilities capabilities, SessionTicket ticket, long id)
    {
        private int _dead;

        public long Id { get; } = id;

        /// <summary>Batched report writes.</summary>
        public DeviceWebSocket Web { get; } = web;

        /// <summary>Receiving, control frames and closing.</summary>
        public WebSocket Socket => Web.Socket;

        public FirmwareCapabilities Capabilities { get; } = capabilities;

        public SessionTicket Ticket { get; } = ticket;

        public Task? Receiver { get; set; }

        public bool IsDead => Volatile.Read(ref _dead) != 0;

        /// <summary>True for the first caller only.</summary>
        public bool MarkDead() => Interlocked.Exchange(ref _dead, 1) == 0;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID socket open (firmware {Version}, {Encoding})")]
    private static partial void LogConnected(ILogger logger, FirmwareVersion version, HidEncoding encoding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID socket closed (status {Status}); reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID connect attempt {Attempt} failed; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogConnectRetry(ILogger logger, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID report send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID receive ended: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released held keys and buttons after reconnecting the HID socket")]
    private static partial void LogReleasedAfterReconnect(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID background reconnect failed: {Reason}")]
    private static partial void LogBackgroundReconnectFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a malformed push on /api/ws: {Reason}")]
    private static partial void LogBadPush(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release held keys while disposing: {Reason}")]
    private static partial void LogReleaseOnDisposeFailed(ILogger logger, string reason);
}
