using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using NanoKvm.Emulator.Auth;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Hid;

/// <summary>
/// One <c>/api/ws</c> connection as the firmware runs it: a reader that parses messages (binary reports from 2.3.2,
/// JSON int arrays before) into two queues of 200 reports (keyboard, mouse) and stops reading while one is full,
/// writers that hand queued reports to the gadgets at the host's poll interval, the read deadline (2.5.0+),
/// close code 4401 on revocation (2.5.1), pushes, and the release of held input on close (2.4.1+).
/// </summary>
internal sealed class HidConnection
{
    public const int QueueCapacity = HidConnectionLimits.DeviceQueue;
    private const int MaxMessageBytes = 64 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly HidDevice _device;
    private readonly NanoKvmEmulator _emulator;
    private readonly FirmwareProfile _profile;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<byte[]> _keyboard = NewQueue();
    private readonly Channel<(bool Absolute, byte[] Report)> _mouse = Channel.CreateBounded<(bool, byte[])>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _dropQueued;

    public HidConnection(HidDevice device, WebSocket socket)
    {
        _device = device;
        _emulator = device.Emulator;
        _profile = _emulator.Profile;
        _socket = socket;
    }

    public async Task RunAsync(Principal principal, CancellationToken aborted)
    {
        _device.Register(this);
        using var revocation = principal.LinkRevocation(CancellationToken.None);
        using var onRevoked = revocation.Token.Register(() => _ = CloseRevokedAsync());
        using var deadline = new CancellationTokenSource();
        using var read = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
        var writers = Task.WhenAll(Task.Run(KeyboardWriterAsync, CancellationToken.None), Task.Run(MouseWriterAsync, CancellationToken.None));
        var readDeadline = _profile.HidReadDeadline is { } profileDeadline ? _emulator.Options.HidReadDeadline ?? profileDeadline : (TimeSpan?)null;
        var graceful = false;
        try
        {
            await SendInitialPushesAsync(aborted);
            var buffer = new byte[4096];
            using var message = new MemoryStream();
            var armedAt = -1L;
            while (true)
            {
                if (readDeadline is { } limit)
                {
                    // Re-arming a timer per message is measurable at benchmark rates; re-arming once a sixteenth of the
                    // limit has passed keeps the deadline within 94-100 % of the limit after the last message.
                    var now = Environment.TickCount64;
                    if (armedAt < 0 || now - armedAt >= limit.TotalMilliseconds / 16)
                    {
                        deadline.CancelAfter(limit);
                        armedAt = now;
                    }
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(), read.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // A polite close: everything read before it is still delivered.
                    graceful = true;
                    break;
                }

                ReadOnlyMemory<byte> complete = buffer.AsMemory(0, result.Count);
                if (!result.EndOfMessage)
                {
                    // A message larger than the buffer (or fragmented) is assembled; reports never are.
                    message.SetLength(0);
                    message.Write(buffer, 0, result.Count);
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(), read.Token);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            break;
                        }

                        if (message.Length + result.Count <= MaxMessageBytes)
                        {
                            message.Write(buffer, 0, result.Count);
                        }
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        graceful = true;
                        break;
                    }

                    complete = message.GetBuffer().AsMemory(0, (int)message.Length);
                }

                if (!await HandleAsync(complete, aborted))
                {
                    // The legacy server crashed on this message: the connection just ends.
                    _socket.Abort();
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // Deadline, client gone, revocation or restart: the firmware closes the connection the same way.
        }
        finally
        {
            _device.Unregister(this);

            // A dropped connection's queued reports die with it, as the firmware's per-connection queues do.
            _dropQueued = !graceful;
            _keyboard.Writer.TryComplete();
            _mouse.Writer.TryComplete();
            await writers;
            if (_profile.ReleasesHidOnClose)
            {
                _device.ReleaseAll();
            }

            if (graceful && _socket.State == WebSocketState.CloseReceived)
            {
                await AnswerCloseAsync();
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                _socket.Abort();
            }
        }
    }

    /// <summary>Sends a server→client text message <c>{"type","data"}</c> with <c>data</c> double-encoded.</summary>
    public void Push(string type, string data) => _ = PushAsync(type, data);

    private async Task PushAsync(string type, string data)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { type, data });
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The reader notices the broken connection.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendInitialPushesAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (_profile.PushesLedStatus)
        {
            await PushAsync("hid-led-status", HidDevice.LedJson(_emulator.Host.Keyboard.Leds, rest: false));
        }

        if (_profile.PushesCaptureStatus)
        {
            foreach (var status in _device.CaptureStatuses)
            {
                await PushAsync("capture-status", status);
            }
        }
    }

    private async Task AnswerCloseAsync()
    {
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(CloseGrace);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The client did not wait for the answer.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task CloseRevokedAsync()
    {
        if (!_profile.ClosesRevokedSocketsWith4401)
        {
            // Older firmware just drops the connection when its session dies.
            _socket.Abort();
            return;
        }

        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(CloseGrace);
            await _socket.CloseOutputAsync((WebSocketCloseStatus)4401, "session expired or revoked", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }

        // Give the client a moment to read the close frame, then cut the connection as the server does.
        await Task.Delay(CloseGrace);
        _socket.Abort();
    }

    /// <summary>Handles one message; false when the legacy server would have crashed on it.</summary>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_emulator.Options.HidSinkMode)
        {
            _device.NoteSunk();
        }

        return _profile.BinaryHid
            ? await HandleBinaryAsync(message, cancellationToken)
            : await HandleLegacyAsync(message, cancellationToken);
    }

    private async Task<bool> HandleBinaryAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var span = message.Span;
        if (span.Length == 0)
        {
            // data[0] on an empty frame panics the handler of Pro 1.2.6-1.2.14 (and Cube 2.3.x): the socket just drops.
            return !_profile.EmptyHidFramePanics;
        }

        switch (span[0])
        {
            case 0x00:
                _device.NoteHeartbeat();
                return true;
            case 0x01 when span.Length == 9:
                if (!_emulator.Options.HidSinkMode)
                {
                    await EnqueueKeyboardAsync(span[1..].ToArray(), cancellationToken);
                }

                return true;
            case 0x02 when span.Length is 5 or 7:
                if (!_emulator.Options.HidSinkMode)
                {
                    await EnqueueMouseAsync(span.Length == 7, span[1..].ToArray(), cancellationToken);
                }

                return true;
            default:
                return true;
        }
    }

    private async Task<bool> HandleLegacyAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        int[]? data;
        try
        {
            data = JsonSerializer.Deserialize<int[]>(message.Span);
        }
        catch (JsonException)
        {
            // json.Unmarshal failed: logged and ignored by the firmware.
            return true;
        }

        if (data is null || data.Length == 0)
        {
            return false;
        }

        switch (data[0])
        {
            case 1:
                if (data.Length < 6)
                {
                    return false;
                }

                var report = new byte[8];
                if (data[1] != 0)
                {
                    report[0] = (byte)(data[2] | data[3] | data[4] | data[5]);
                    report[2] = (byte)data[1];
                }

                await EnqueueKeyboardAsync(report, cancellationToken);
                return true;
            case 2:
                if (data.Length < 5)
                {
                    return false;
                }

                await HandleLegacyMouseAsync(data[1], data[2], data[3], data[4], cancellationToken);
                return true;
            default:
                return true;
        }
    }

    private async Task HandleLegacyMouseAsync(int mouseEvent, int button, int x, int y, CancellationToken cancellationToken)
    {
        switch (mouseEvent)
        {
            case 0:
                await EnqueueMouseAsync(false, new byte[4], cancellationToken);
                break;
            case 1 when button is 1 or 2 or 4:
                await EnqueueMouseAsync(false, [(byte)button, 0, 0, 0], cancellationToken);
                break;
            case 2:
                await EnqueueMouseAsync(true, [0, (byte)x, (byte)(x >> 8), (byte)y, (byte)(y >> 8), 0], cancellationToken);
                break;
            case 3:
                await EnqueueMouseAsync(false, [(byte)button, (byte)x, (byte)y, 0], cancellationToken);
                break;
            case 4:
                await EnqueueMouseAsync(false, [0, 0, 0, LegacyWheelStep(y)], cancellationToken);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The wheel byte <c>mouseScroll</c> writes for a JSON <c>y</c>: it starts from +1 (up) and negates on one sign only.
    /// Up to 2.3.0 (<c>server/service/hid/mouse.go</c> at tag 2.2.0 line 68, 2.3.0 line 62) <c>if event[3] &gt; 0</c>
    /// makes a positive y scroll down; commit 2d575b9 (2.3.1, line 62) tests <c>event[3] &lt; 0</c>, so a positive y
    /// scrolls up. Either way y = 0 scrolls up.
    /// </summary>
    private byte LegacyWheelStep(int y)
    {
        var down = _emulator.Profile.LegacyWheelPositiveIsDown ? y > 0 : y < 0;
        return down ? (byte)0xFF : (byte)0x01;
    }

    private async Task EnqueueKeyboardAsync(byte[] report, CancellationToken cancellationToken)
    {
        if (_emulator.Options.HidSinkMode)
        {
            return;
        }

        // A full queue blocks the reader, so the socket stops being read: TCP back-pressure, as on the device.
        await _keyboard.Writer.WriteAsync(report, cancellationToken);
        _emulator.Host.Keyboard.NoteQueueDepth(_keyboard.Reader.Count);
    }

    private async Task EnqueueMouseAsync(bool absolute, byte[] report, CancellationToken cancellationToken)
    {
        if (_emulator.Options.HidSinkMode)
        {
            return;
        }

        await _mouse.Writer.WriteAsync((absolute, report), cancellationToken);
        _emulator.Host.Mouse.NoteQueueDepth(_mouse.Reader.Count);
    }

    private async Task KeyboardWriterAsync()
    {
        var poll = new UsbPollSchedule(_emulator.Options.HidUsbPollInterval);
        await foreach (var report in _keyboard.Reader.ReadAllAsync())
        {
            await poll.WaitAsync();
            if (_dropQueued)
            {
                continue;
            }

            _device.WriteKeyboard(report);
        }
    }

    private async Task MouseWriterAsync()
    {
        var poll = new UsbPollSchedule(_emulator.Options.HidUsbPollInterval);
        await foreach (var (absolute, report) in _mouse.Reader.ReadAllAsync())
        {
            await poll.WaitAsync();
            if (_dropQueued)
            {
                continue;
            }

            if (absolute)
            {
                _device.WriteAbsolute(report);
            }
            else
            {
                _device.WriteRelative(report);
            }
        }
    }


    private static Channel<byte[]> NewQueue() => Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
}
