using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Auth;
using NanoKvm.Client.Hid.Reports;
using NanoKvm.Client.Hid.Transport;

namespace NanoKvm.Client.Hid;

/// <summary>
/// The client's one long-lived <c>/api/ws</c> connection: reports go through a <see cref="HidReportPipe"/> drained by
/// one sender onto the socket that <see cref="HidSocket"/> (Websocket.Client) keeps open; device pushes come back
/// from it; the record of held keys and buttons is released after a reconnect and on dispose.
/// </summary>
/// <remarks>
/// Every report is encoded by its caller as a masked WebSocket frame straight into the pipe and awaited until the
/// socket took it, so a report that cannot be delivered fails its caller. The sender hands everything buffered at
/// that moment to the socket together. Reports still in the pipe when a connection drops fail too: their order
/// relative to the lost ones is unknowable, and the reconnect has already released everything the host might hold.
/// </remarks>
internal sealed partial class HidSession : IAsyncDisposable
{
    internal const string Endpoint = "GET /api/ws";

    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly NanoKvmClient _owner;
    private readonly NanoKvmHidOptions _options;
    private readonly ILogger _logger;
    private readonly HidReportPipe _pipe;
    private readonly HidSocket _socket;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();
    private Task? _sendLoop;
    private Task? _heartbeatLoop;
    private bool _everConnected;
    private int _disposed;
    private int _inputSent;
    private SessionTicket? _lastTicket;
    private KeyboardLedState? _leds;
    private FirmwareCapabilities? _capabilities;
    private readonly TaskCompletionSource _firstLeds = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HidSession(NanoKvmClient owner)
    {
        _owner = owner;
        _options = owner.Options.Hid;
        _logger = owner.Logs.Hid;
        _pipe = new HidReportPipe(_options.SendQueueCapacity);
        var uri = new UriBuilder(new Uri(owner.Api.BaseAddress, "/api/ws")) { Scheme = owner.Api.BaseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
        _socket = new HidSocket(uri, ConnectOnceAsync, _options, owner.Options.RequestTimeout, _logger, owner.Options.TimeProvider);
        _socket.Lost += OnConnectionLost;
        _socket.TextReceived += text => HandlePush(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Raised when the device pushes a keyboard LED state (on connect and on change).</summary>
    public event Action<KeyboardLedState>? LedsChanged;

    /// <summary>Raised when the device pushes a <c>capture-status</c> message.</summary>
    public event Action<CaptureStatus>? CaptureStatusChanged;

    /// <summary>Raised when the connection's state changes.</summary>
    public event EventHandler<HidConnectionStateChangedEventArgs>? StateChanged
    {
        add => _socket.StateChanged += value;
        remove => _socket.StateChanged -= value;
    }

    public HidConnectionState State => _socket.State;

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

    public int QueueCapacity => _pipe.Capacity;

    /// <summary>Most entries ever waiting for the socket at once (never above <see cref="QueueCapacity"/>).</summary>
    public int PeakQueuedFrames => _pipe.PeakPending;

    public long ConnectionCount => _socket.ConnectionCount;

    public bool IsConnected => _socket.Live is not null;

    public Task<FirmwareCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        _owner.GetCapabilitiesAsync(cancellationToken);

    /// <summary>Opens the socket now (pushes start flowing) unless it is open.</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        EnsureLoops();
        await _socket.GetAsync(cancellationToken).ConfigureAwait(false);
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

    public Task SendKeyboardAsync(in KeyboardReport report, FirmwareCapabilities capabilities, HidAction? action, CancellationToken cancellationToken) =>
        SendKeyboardAsync(report, capabilities, action, null, cancellationToken);

    /// <summary>Sends a keyboard report; <paramref name="written"/> runs once it is in the pipe (see <see cref="SendAsync(HidFrame, Action?, CancellationToken)"/>).</summary>
    public Task SendKeyboardAsync(in KeyboardReport report, FirmwareCapabilities capabilities, HidAction? action, Action? written, CancellationToken cancellationToken)
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
        return SendAsync(frame, written, cancellationToken);
    }

    /// <summary>
    /// Writes all reports of <paramref name="batch"/> as one entry, so they leave together, and waits until the
    /// socket took the last of them. The session owns the batch from here on.
    /// </summary>
    public Task SendBatchAsync(HidFrameBatch batch, HidAction? action, CancellationToken cancellationToken) =>
        SendBatchAsync(batch, action, null, cancellationToken);

    private async Task SendBatchAsync(HidFrameBatch batch, HidAction? action, Action? written, CancellationToken cancellationToken)
    {
        using (batch)
        {
            ThrowIfDisposed();
            EnsureLoops();
            var done = await _pipe.WriteAsync(batch, static (sink, b) => b.EncodeInto(sink), action, input: true, cancellationToken)
                .ConfigureAwait(false);
            written?.Invoke();
            await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one report into the pipe and waits until the socket took it.</summary>
    /// <remarks>
    /// Cancelling before the report is in the pipe sends nothing; cancelling after only stops the wait (the report
    /// still goes out in order), so the caller's record of what the host holds stays true either way.
    /// </remarks>
    public Task SendAsync(HidFrame frame, CancellationToken cancellationToken) => SendAsync(frame, null, cancellationToken);

    /// <summary>
    /// Writes one report into the pipe, runs <paramref name="written"/> the moment the pipe accepted it (the
    /// hand-off point: from there the report goes out in order or the connection is replaced and everything is
    /// released), then waits until the socket took it. Release bookkeeping hangs on <paramref name="written"/>, so a
    /// key is never recorded as up while its release report could still be dropped by a cancellation.
    /// </summary>
    public async Task SendAsync(HidFrame frame, Action? written, CancellationToken cancellationToken)
    {
        if (frame.Batch is { } batch)
        {
            await SendBatchAsync(batch, frame.Action, written, cancellationToken).ConfigureAwait(false);
            return;
        }

        ThrowIfDisposed();
        EnsureLoops();
        var done = await _pipe.WriteAsync(frame, static (sink, f) => sink.Add(((ReadOnlySpan<byte>)f.Bytes)[..f.Length], f.IsText),
            frame.Action, input: true, cancellationToken).ConfigureAwait(false);
        written?.Invoke();
        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>The pipe's one reader: hands what is buffered to the socket, skipping bytes of a dropped connection.</summary>
    private async Task SendLoopAsync()
    {
        var reader = _pipe.Reader;
        var token = _lifetime.Token;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    await SendBufferedAsync(buffer, token).ConfigureAwait(false);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// Sends <paramref name="buffer"/> on the open connection (opening one if needed) and settles its entries;
    /// whatever cannot be sent fails its callers and is skipped. Every byte of the buffer is accounted for on return.
    /// </summary>
    private async Task SendBufferedAsync(ReadOnlySequence<byte> buffer, CancellationToken token)
    {
        var stale = _pipe.StaleBytes(buffer);
        if (stale > 0)
        {
            _pipe.Consumed(stale);
            buffer = buffer.Slice(stale);
        }

        if (buffer.IsEmpty)
        {
            return;
        }

        HidConnection connection;
        try
        {
            connection = _socket.Live ?? await _socket.GetAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            _pipe.Discard(ex as NanoKvmException ?? new NanoKvmException(
                $"A HID report could not be delivered: {ex.Message}", Endpoint, innerException: ex));
            _pipe.Consumed(buffer.Length);
            return;
        }

        // A drop while we waited for the connection made (part of) this buffer stale.
        stale = _pipe.StaleBytes(buffer);
        if (stale > 0)
        {
            _pipe.Consumed(stale);
            buffer = buffer.Slice(stale);
        }

        var input = false;
        var left = buffer.Length;
        try
        {
            foreach (var segment in buffer)
            {
                await connection.Web.WriteFramesAsync(segment, token).ConfigureAwait(false);
                left -= segment.Length;
                input |= _pipe.Consumed(segment.Length, out var reports);
                Diagnostics.NanoKvmTelemetry.HidReportsWritten(_owner.Address, reports);
            }

            if (input)
            {
                Volatile.Write(ref _inputSent, 1);

                // Screenshots settle after the last input: capture lags input by about a frame.
                _owner.Video.NotifyInput();
            }
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            LogSendFailed(_logger, ex.Message);
            _socket.Fail(connection, $"a report could not be sent ({ex.Message})");
            _pipe.Consumed(left);
        }
        catch
        {
            _pipe.Consumed(left);
            throw;
        }
    }

    private void OnConnectionLost(HidConnection connection, string reason)
    {
        // Reports written for the lost connection belong to actions that already failed or will be released; fail
        // them now rather than replay them on a connection where the host's key state was reset.
        _pipe.Discard(new NanoKvmException(
            $"A HID report could not be delivered: {reason}. Held keys and buttons are released on reconnect.", Endpoint));
        connection.Web.Abort();
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _lifetime.Token;
        var beat = new byte[8];
        var beatLength = BinaryReportEncoder.EncodeHeartbeat(beat);
        try
        {
            while (true)
            {
                await Task.Delay(_options.HeartbeatInterval, Time, token).ConfigureAwait(false);
                if (_socket.Live is { Capabilities.HidHeartbeatRequired: true })
                {
                    await _pipe.TryWriteHeartbeatAsync(beat.AsMemory(0, beatLength)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// Opens one connection for <see cref="HidSocket"/>: re-login first when asked (after close 4401), the upgrade
    /// through the client's own handler with the ping-based liveness check, and the release of anything the host
    /// may still hold from the previous connection.
    /// </summary>
    private async Task<HidConnection> ConnectOnceAsync(bool renewSession, CancellationToken token)
    {
        using var span = Diagnostics.NanoKvmTelemetry.StartOperation("nanokvm.hid.connect", _owner.Address);
        try
        {
            return await ConnectOnceCoreAsync(span, renewSession, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Diagnostics.NanoKvmTelemetry.Fail(span, ex);
            throw;
        }
    }

    private async Task<HidConnection> ConnectOnceCoreAsync(System.Diagnostics.Activity? span, bool renewSession, CancellationToken token)
    {
        if (renewSession)
        {
            await _owner.Api.Session.RenewAsync(Volatile.Read(ref _lastTicket), token).ConfigureAwait(false);
        }

        var capabilities = await _owner.GetCapabilitiesAsync(token).ConfigureAwait(false);
        var web = await _owner.Api.ConnectWebSocketAsync("/api/ws", _options.PingInterval, _options.PingTimeout, token).ConfigureAwait(false);
        try
        {
            var ticket = await _owner.Api.Session.GetAsync(token).ConfigureAwait(false);
            Volatile.Write(ref _lastTicket, ticket);
            var connection = new HidConnection(web, capabilities, ticket, Time.GetUtcNow());
            Volatile.Write(ref _capabilities, capabilities);
            bool reconnect;
            lock (_gate)
            {
                reconnect = _everConnected;
                _everConnected = true;
            }

            span?.SetTag("nanokvm.hid.reconnect", reconnect);
            if (reconnect)
            {
                Diagnostics.NanoKvmTelemetry.HidReconnected(_owner.Address);
                await ReleaseAfterReconnectAsync(connection, token).ConfigureAwait(false);
            }

            LogConnected(_logger, capabilities.Version, capabilities.HidEncoding);
            return connection;
        }
        catch
        {
            web.Abort();
            web.Dispose();
            throw;
        }
    }

    /// <summary>
    /// After a drop the host may still hold what we pressed: firmware before 2.4.1 does not release on close, and
    /// the last release may have been lost with the connection (our own bookkeeping may already say "released").
    /// So whenever input went out on the previous connection, send the all-released keyboard report and a
    /// button-up report first — on binary firmware a relative report also releases the absolute pointer's buttons —
    /// then forget the held state.
    /// </summary>
    private async Task ReleaseAfterReconnectAsync(HidConnection connection, CancellationToken token)
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
        await connection.Web.Socket.SendAsync(buffer.AsMemory(0, length), type, true, token).ConfigureAwait(false);
        length = binary
            ? BinaryReportEncoder.EncodeRelative(buffer, 0, 0, 0, 0)
            : JsonReportEncoder.EncodeMouse(buffer, JsonReportEncoder.EventUp, 0, 0, 0);
        await connection.Web.Socket.SendAsync(buffer.AsMemory(0, length), type, true, token).ConfigureAwait(false);
        LogReleasedAfterReconnect(_logger);
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
            await SendKeyboardAsync(KeyboardReport.Empty, capabilities, null, () => Keyboard.Clear(), cancellationToken).ConfigureAwait(false);
        }

        if (mouseHeld)
        {
            var device = Mouse.ButtonsOn;
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

            await SendAsync(frame, () => Mouse.ClearButtons(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Synchronous dispose: the same close as <see cref="DisposeAsync"/> (releases, then a normal close), waited for
    /// within its bounds, so a key held at that moment is released rather than left down.
    /// </summary>
    public void Abort()
    {
        var close = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
        if (!close.Wait(ReleaseTimeout + CloseTimeout + TimeSpan.FromSeconds(1)))
        {
            LogReleaseOnDisposeFailed(_logger, "the close did not finish in time");
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>
    /// The one close path: release everything held (bounded), stop taking reports, close the socket normally (1000)
    /// so the device reads the releases before the close, then stop the loops. Firmware-specific rules about what
    /// must precede a close belong here.
    /// </summary>
    private async ValueTask CloseAsync()
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

        _pipe.Close(new ObjectDisposedException(nameof(NanoKvmClient)));
        await _socket.CloseAsync(CloseTimeout).ConfigureAwait(false);
        _lifetime.Cancel();
        foreach (var loop in new[] { _sendLoop, _heartbeatLoop })
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

        // _lifetime is deliberately not disposed: a reconnect that is just ending may still read its token.
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HID socket open (firmware {Version}, {Encoding})")]
    private static partial void LogConnected(ILogger logger, FirmwareVersion version, HidEncoding encoding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HID report send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released held keys and buttons after reconnecting the HID socket")]
    private static partial void LogReleasedAfterReconnect(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a malformed push on /api/ws: {Reason}")]
    private static partial void LogBadPush(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release held keys while disposing: {Reason}")]
    private static partial void LogReleaseOnDisposeFailed(ILogger logger, string reason);
}
