using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Emulator.Hid;

/// <summary>
/// The device's USB HID side: writes reports to the three gadgets (the virtual host's keyboard and mouse models
/// record them), tracks the open <c>/api/ws</c> connections and pushes <c>hid-led-status</c> and
/// <c>capture-status</c> messages to them.
/// </summary>
public sealed class HidDevice
{
    private static readonly ConditionalWeakTable<NanoKvmEmulator, HidDevice> Devices = new();
    private readonly NanoKvmEmulator _emulator;
    private readonly object _writeGate = new();
    private readonly ConcurrentDictionary<HidConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<string, string> _captureStatus = new(StringComparer.Ordinal);
    private ushort _absoluteX = 16384;
    private ushort _absoluteY = 16384;
    private long _sunkMessages;
    private int _pasteRunning;
    private int _connectionsOpened;

    private HidDevice(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
        emulator.Host.Keyboard.LedsChanged += leds =>
        {
            if (emulator.Profile.PushesLedStatus)
            {
                Broadcast("hid-led-status", LedJson(leds, rest: false));
            }
        };

        // The device pushes capture problems (no signal, resolution change) to every HID socket.
        emulator.Host.Screen.CaptureStatusChanged += s => PublishCaptureStatus(s.Mode, s.Ok, s.Result, s.Message, s.Severity);
    }

    /// <summary>The HID side of an emulator.</summary>
    public static HidDevice Of(NanoKvmEmulator emulator) => Devices.GetValue(emulator, e => new HidDevice(e));

    /// <summary>Number of <c>/api/ws</c> connections open now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Number of <c>/api/ws</c> connections accepted so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>Messages parsed in <see cref="EmulatorOptions.HidSinkMode"/>.</summary>
    public long SunkMessages => Interlocked.Read(ref _sunkMessages);

    /// <summary>Heartbeat bytes received on all connections.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    private long _heartbeats;
    private long _sunkTarget = long.MaxValue;
    private TaskCompletionSource? _sunkReached;

    /// <summary>Records a capture status for a stream mode and pushes it to every connection (2.4.2+).</summary>
    public void PublishCaptureStatus(string mode, bool ok, int result, string message, string severity = "")
    {
        var data = JsonSerializer.Serialize(new
        {
            ok,
            result,
            message,
            mode,
            severity,
            updatedAt = _emulator.Options.TimeProvider.GetUtcNow().UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        });
        _captureStatus[mode] = data;
        if (_emulator.Profile.PushesCaptureStatus)
        {
            Broadcast("capture-status", data);
        }
    }

    internal IEnumerable<string> CaptureStatuses => _captureStatus.Values;

    internal NanoKvmEmulator Emulator => _emulator;

    internal void NoteHeartbeat() => Interlocked.Increment(ref _heartbeats);

    internal void NoteSunk()
    {
        if (Interlocked.Increment(ref _sunkMessages) >= Volatile.Read(ref _sunkTarget))
        {
            Volatile.Write(ref _sunkTarget, long.MaxValue);
            Interlocked.Exchange(ref _sunkReached, null)?.TrySetResult();
        }
    }

    /// <summary>
    /// Completes once <see cref="SunkMessages"/> reaches <paramref name="total"/> (one waiter at a time), so a
    /// benchmark learns the moment the last message was parsed instead of polling at timer resolution.
    /// </summary>
    public Task WaitForSunkAsync(long total, CancellationToken cancellationToken = default)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _sunkReached, reached);
        Volatile.Write(ref _sunkTarget, total);
        if (SunkMessages >= total)
        {
            Volatile.Write(ref _sunkTarget, long.MaxValue);
            reached.TrySetResult();
        }

        return reached.Task.WaitAsync(cancellationToken);
    }

    internal void Register(HidConnection connection)
    {
        _connections[connection] = 0;
        Interlocked.Increment(ref _connectionsOpened);
    }

    internal void Unregister(HidConnection connection) => _connections.TryRemove(connection, out _);

    internal bool TryBeginPaste() => Interlocked.CompareExchange(ref _pasteRunning, 1, 0) == 0;

    internal void EndPaste() => Volatile.Write(ref _pasteRunning, 0);

    /// <summary>The LED JSON: the push carries a Go zero time when unknown, the REST endpoint an empty string.</summary>
    internal static string LedJson(KeyboardLeds leds, bool rest)
    {
        var updated = leds.UpdatedAt is { } at
            ? at.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture)
            : rest ? string.Empty : "0001-01-01T00:00:00Z";
        return JsonSerializer.Serialize(new
        {
            numLock = leds.NumLock,
            capsLock = leds.CapsLock,
            scrollLock = leds.ScrollLock,
            known = leds.Known,
            updatedAt = updated,
        });
    }

    /// <summary>Writes to hidg0.</summary>
    internal void WriteKeyboard(byte[] report)
    {
        lock (_writeGate)
        {
            _emulator.Host.Keyboard.Apply(report);
        }
    }

    /// <summary>Writes to hidg1; on binary firmware first releases buttons held on the absolute pointer.</summary>
    internal void WriteRelative(byte[] report)
    {
        lock (_writeGate)
        {
            var mouse = _emulator.Host.Mouse;
            if (_emulator.Profile.BinaryHid && mouse.AbsoluteButtons != 0)
            {
                mouse.ApplyAbsolute(AbsoluteReport(0, _absoluteX, _absoluteY));
            }

            mouse.ApplyRelative(report);
        }
    }

    /// <summary>Writes to hidg2; on binary firmware first releases buttons held on the relative mouse.</summary>
    internal void WriteAbsolute(byte[] report)
    {
        lock (_writeGate)
        {
            var mouse = _emulator.Host.Mouse;
            if (_emulator.Profile.BinaryHid && mouse.RelativeButtons != 0)
            {
                mouse.ApplyRelative(new byte[4]);
            }

            _absoluteX = (ushort)(report[1] | (report[2] << 8));
            _absoluteY = (ushort)(report[3] | (report[4] << 8));
            mouse.ApplyAbsolute(report);
        }
    }

    /// <summary>Sends the all-released reports to every gadget that holds something.</summary>
    internal void ReleaseAll()
    {
        lock (_writeGate)
        {
            var host = _emulator.Host;
            if (!host.Keyboard.NothingHeld)
            {
                host.Keyboard.Apply(new byte[8]);
            }

            if (host.Mouse.RelativeButtons != 0)
            {
                host.Mouse.ApplyRelative(new byte[4]);
            }

            if (host.Mouse.AbsoluteButtons != 0)
            {
                host.Mouse.ApplyAbsolute(AbsoluteReport(0, _absoluteX, _absoluteY));
            }
        }
    }

    private static byte[] AbsoluteReport(byte buttons, ushort x, ushort y) =>
        [buttons, (byte)x, (byte)(x >> 8), (byte)y, (byte)(y >> 8), 0];

    private void Broadcast(string type, string data)
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Push(type, data);
        }
    }
}
