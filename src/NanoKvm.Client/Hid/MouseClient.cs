using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Client.Hid;

/// <summary>Mouse input over the HID WebSocket: absolute and relative moves, buttons, clicks, drags and the wheel.</summary>
/// <remarks>
/// <para>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</para>
/// <para>
/// Coordinates are normalized: 0 is the left/top edge and 1 the right/bottom edge of the captured screen, mapped to
/// the absolute pointer's 0…32767 as <c>round(v × 32767)</c>. A click without coordinates never moves the pointer:
/// on the absolute pointer it repeats the last position sent; when none is known it uses the relative mouse with
/// a zero move. A drag stays on one pointer, because the device releases the buttons of one pointer when reports
/// arrive on the other. Wheel: positive = scroll down (towards the user), as with a mouse wheel turned towards you.
/// </para>
/// <para>
/// Firmware 2.3.1 and older (JSON protocol): buttons exist only on the relative mouse, so clicks and drags press
/// there while absolute moves go to the absolute pointer; one button at a time; each wheel message scrolls one
/// notch whatever its size; back/forward are not available. The wheel sign on the wire follows the release (2.3.0 and
/// older read a positive JSON value as "down"), so positive still scrolls down on every release.
/// </para>
/// </remarks>
public partial class MouseClient
{
    private const int MaxAbsolute = 32767;
    private const int MaxNotches = 10_000;
    private const int MaxDelta = 1_000_000;
    private const int DragSteps = 8;
    private const int StepsPerBatch = 1024;
    private static readonly FirmwareVersion BackForwardVersion = new(2, 3, 2);
    private readonly NanoKvmClient _owner;

    // The action running under the mouse lock; its reports must share one connection.
    private HidAction? _action;

    /// <summary>For mocking frameworks only.</summary>
    protected MouseClient()
    {
        _owner = null!;
    }

    internal MouseClient(NanoKvmClient owner)
    {
        _owner = owner;
    }

    private HidSession Hid => _owner.Hid;

    /// <summary>Moves the absolute pointer to a normalized position.</summary>
    /// <param name="x">0 (left) … 1 (right).</param>
    /// <param name="y">0 (top) … 1 (bottom).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the report was sent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is NaN, infinite or outside 0…1.</exception>
    public virtual async Task MoveToAsync(double x, double y, CancellationToken cancellationToken = default)
    {
        var (ax, ay) = (ToAbsolute(x, nameof(x)), ToAbsolute(y, nameof(y)));
        await RunAsync(async (capabilities, ct) =>
        {
            EnsureButtonsOn(MouseMode.Absolute, capabilities);
            await SendAbsoluteAsync(capabilities, Hid.Mouse.Buttons, ax, ay, 0, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the absolute pointer to a pixel of a frame of the given size (e.g. a screenshot's).</summary>
    /// <param name="x">Pixel column, 0 … <paramref name="frameWidth"/> − 1.</param>
    /// <param name="y">Pixel row, 0 … <paramref name="frameHeight"/> − 1.</param>
    /// <param name="frameWidth">Width of the frame the pixel refers to.</param>
    /// <param name="frameHeight">Height of the frame.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the report was sent.</returns>
    public virtual Task MoveToPixelAsync(int x, int y, int frameWidth, int frameHeight, CancellationToken cancellationToken = default)
    {
        var (nx, ny) = PixelToNormalized(x, y, frameWidth, frameHeight);
        return MoveToAsync(nx, ny, cancellationToken);
    }

    /// <summary>Moves the relative mouse by a delta, split into steps of at most ±127.</summary>
    /// <param name="dx">Rightwards delta in host mouse units.</param>
    /// <param name="dy">Downwards delta.</param>
    /// <param name="cancellationToken">Cancels; steps already sent stay sent.</param>
    /// <returns>A task that completes when every step was sent.</returns>
    public virtual async Task MoveByAsync(int dx, int dy, CancellationToken cancellationToken = default)
    {
        ValidateDelta(dx, nameof(dx));
        ValidateDelta(dy, nameof(dy));
        await RunAsync(async (capabilities, ct) =>
        {
            EnsureButtonsOn(MouseMode.Relative, capabilities);
            await SendRelativeStepsAsync(capabilities, dx, dy, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Clicks a button where the pointer is, without moving it.</summary>
    /// <param name="button">The button.</param>
    /// <param name="mode">The pointer to use; null for <see cref="NanoKvmHidOptions.DefaultMouseMode"/>.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual Task ClickAsync(MouseButton button = MouseButton.Left, MouseMode? mode = null, CancellationToken cancellationToken = default) =>
        ClicksAsync(button, mode, 1, cancellationToken);

    /// <summary>Double-clicks a button where the pointer is.</summary>
    /// <param name="button">The button.</param>
    /// <param name="mode">The pointer to use; null for the default.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual Task DoubleClickAsync(MouseButton button = MouseButton.Left, MouseMode? mode = null, CancellationToken cancellationToken = default) =>
        ClicksAsync(button, mode, 2, cancellationToken);

    /// <summary>Moves the absolute pointer to a normalized position and clicks there.</summary>
    /// <param name="x">0 … 1.</param>
    /// <param name="y">0 … 1.</param>
    /// <param name="button">The button.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual Task ClickAtAsync(double x, double y, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default) =>
        ClickAtCoreAsync(x, y, button, 1, cancellationToken);

    private async Task ClickAtCoreAsync(double x, double y, MouseButton button, int count, CancellationToken cancellationToken)
    {
        ValidateButton(button);
        var (ax, ay) = (ToAbsolute(x, nameof(x)), ToAbsolute(y, nameof(y)));
        await RunAsync(async (capabilities, ct) =>
        {
            EnsureButtonsOn(MouseMode.Absolute, capabilities);
            CheckButton(button, MouseMode.Absolute, capabilities);
            await SendAbsoluteAsync(capabilities, Hid.Mouse.Buttons, ax, ay, 0, ct).ConfigureAwait(false);
            await DelayAsync(ct).ConfigureAwait(false);
            await ClickCoreAsync(button, MouseMode.Absolute, count, capabilities, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Presses a button and keeps it down (on the given pointer; a later move must use the same one).</summary>
    /// <param name="button">The button.</param>
    /// <param name="mode">The pointer; null for the default.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is down.</returns>
    public virtual async Task PressAsync(MouseButton button = MouseButton.Left, MouseMode? mode = null, CancellationToken cancellationToken = default)
    {
        ValidateButton(button);
        var device = Mode(mode);
        await RunAsync(async (capabilities, ct) =>
        {
            CheckButton(button, device, capabilities);
            EnsureButtonsOn(device, capabilities);
            await PressCoreAsync(button, device, capabilities, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases a button pressed earlier.</summary>
    /// <param name="button">The button.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual async Task ReleaseAsync(MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        ValidateButton(button);
        await RunAsync((capabilities, ct) => ReleaseCoreAsync((byte)button, capabilities, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases every button.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the report was sent.</returns>
    public virtual async Task ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync((capabilities, ct) => ReleaseCoreAsync(0xFF, capabilities, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drags on the absolute pointer: move to the start, press, move in steps to the end, release.</summary>
    /// <param name="fromX">Start, 0 … 1.</param>
    /// <param name="fromY">Start, 0 … 1.</param>
    /// <param name="toX">End, 0 … 1.</param>
    /// <param name="toY">End, 0 … 1.</param>
    /// <param name="button">The button held while moving.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual async Task DragAsync(double fromX, double fromY, double toX, double toY, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        ValidateButton(button);
        var (x0, y0) = (ToAbsolute(fromX, nameof(fromX)), ToAbsolute(fromY, nameof(fromY)));
        var (x1, y1) = (ToAbsolute(toX, nameof(toX)), ToAbsolute(toY, nameof(toY)));
        await RunAsync(async (capabilities, ct) =>
        {
            CheckButton(button, MouseMode.Absolute, capabilities);
            await DragCoreAsync(button, MouseMode.Absolute, capabilities, async () =>
            {
                for (var step = 1; step <= DragSteps; step++)
                {
                    await DelayAsync(ct).ConfigureAwait(false);
                    var x = (ushort)Math.Round(x0 + ((x1 - x0) * step / (double)DragSteps));
                    var y = (ushort)Math.Round(y0 + ((y1 - y0) * step / (double)DragSteps));
                    await SendAbsoluteAsync(capabilities, Hid.Mouse.Buttons, x, y, 0, ct).ConfigureAwait(false);
                }

                await DelayAsync(ct).ConfigureAwait(false);
            },
            async () =>
            {
                await SendAbsoluteAsync(capabilities, 0, x0, y0, 0, ct).ConfigureAwait(false);
                await DelayAsync(ct).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drags on the relative mouse (for BIOS/UEFI screens): press, move by the delta in ±127 steps, release.</summary>
    /// <param name="dx">Rightwards delta.</param>
    /// <param name="dy">Downwards delta.</param>
    /// <param name="button">Left, right or middle.</param>
    /// <param name="cancellationToken">Cancels; the button is released.</param>
    /// <returns>A task that completes when the button is up.</returns>
    public virtual async Task DragByAsync(int dx, int dy, MouseButton button = MouseButton.Left, CancellationToken cancellationToken = default)
    {
        ValidateButton(button);
        ValidateDelta(dx, nameof(dx));
        ValidateDelta(dy, nameof(dy));
        await RunAsync(async (capabilities, ct) =>
        {
            CheckButton(button, MouseMode.Relative, capabilities);
            await DragCoreAsync(button, MouseMode.Relative, capabilities, async () =>
            {
                await DelayAsync(ct).ConfigureAwait(false);
                await SendRelativeStepsAsync(capabilities, dx, dy, ct).ConfigureAwait(false);
                await DelayAsync(ct).ConfigureAwait(false);
            },
            beforePress: null,
            ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place a drag holds a button: refuses when a button is already held, presses, runs the moves, and
    /// releases — quietly and before rethrowing when a move fails or is cancelled, so no button stays down.
    /// </summary>
    private async Task DragCoreAsync(
        MouseButton button, MouseMode mode, FirmwareCapabilities capabilities, Func<Task> moves, Func<Task>? beforePress, CancellationToken ct)
    {
        if (Hid.Mouse.Buttons != 0)
        {
            throw new InvalidOperationException("A mouse button is already held; release it before dragging.");
        }

        if (beforePress is not null)
        {
            await beforePress().ConfigureAwait(false);
        }

        await PressCoreAsync(button, mode, capabilities, ct).ConfigureAwait(false);
        try
        {
            await moves().ConfigureAwait(false);
        }
        catch
        {
            await ReleaseQuietlyAsync(capabilities).ConfigureAwait(false);
            throw;
        }

        await ReleaseCoreAsync((byte)button, capabilities, ct).ConfigureAwait(false);
    }

    /// <summary>Turns the vertical wheel. Positive scrolls down (content moves up), negative scrolls up.</summary>
    /// <param name="notches">Wheel notches, −10000 … 10000; 0 sends nothing.</param>
    /// <param name="mode">The pointer; null for the default. Without a known absolute position the relative mouse is used.</param>
    /// <param name="cancellationToken">Cancels; notches already sent stay sent.</param>
    /// <returns>A task that completes when every notch was sent.</returns>
    /// <remarks>The device's descriptor has no horizontal wheel. Firmware 2.3.1 and older scroll one notch per message.</remarks>
    public virtual async Task ScrollAsync(int notches, MouseMode? mode = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs((long)notches), MaxNotches, nameof(notches));
        var device = Mode(mode);
        if (notches == 0)
        {
            return;
        }

        await RunAsync(async (capabilities, ct) =>
        {
            // The device counts positive as "up/away"; callers count positive as "down". JSON firmware up to 2.3.0
            // counts the other way round (mouse.go mouseScroll, flipped by commit 2d575b9 in 2.3.1).
            var remaining = -notches;
            if (capabilities.HidEncoding == HidEncoding.JsonArrays)
            {
                var sign = capabilities.JsonWheelPositiveScrollsDown ? -Math.Sign(remaining) : Math.Sign(remaining);
                for (var i = 0; i < Math.Abs(remaining); i++)
                {
                    await SendLegacyAsync(JsonReportEncoder.EventScroll, 0, 0, sign, ct).ConfigureAwait(false);
                }

                return;
            }

            var absolute = device == MouseMode.Absolute && Hid.Mouse.HasPosition && Hid.Mouse.ButtonsOn != MouseMode.Relative
                || (Hid.Mouse.Buttons != 0 && Hid.Mouse.ButtonsOn == MouseMode.Absolute);
            while (remaining != 0)
            {
                var step = (sbyte)Math.Clamp(remaining, -127, 127);
                remaining -= step;
                if (absolute)
                {
                    await SendAbsoluteAsync(capabilities, Hid.Mouse.Buttons, Hid.Mouse.X, Hid.Mouse.Y, step, ct).ConfigureAwait(false);
                }
                else
                {
                    await SendRelativeAsync(Hid.Mouse.Buttons, 0, 0, step, ct).ConfigureAwait(false);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    internal static ushort ToAbsolute(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "A normalized coordinate must be a number from 0 to 1.");
        }

        return (ushort)Math.Clamp(Math.Round(value * MaxAbsolute, MidpointRounding.AwayFromZero), 0, MaxAbsolute);
    }

    internal static (double X, double Y) PixelToNormalized(int x, int y, int frameWidth, int frameHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameHeight, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, frameWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, frameHeight);

        // The first and last pixel map to the edges, so every edge of the screen is reachable.
        return (frameWidth == 1 ? 0 : x / (double)(frameWidth - 1), frameHeight == 1 ? 0 : y / (double)(frameHeight - 1));
    }

    private static void ValidateButton(MouseButton button)
    {
        if (button is not (MouseButton.Left or MouseButton.Right or MouseButton.Middle or MouseButton.Back or MouseButton.Forward))
        {
            throw new ArgumentOutOfRangeException(nameof(button), button, "Use one of Left, Right, Middle, Back, Forward.");
        }
    }

    private static void ValidateDelta(int delta, string name)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs((long)delta), MaxDelta, name);
    }

    private static void CheckButton(MouseButton button, MouseMode device, FirmwareCapabilities capabilities)
    {
        if (button is MouseButton.Back or MouseButton.Forward)
        {
            if (!capabilities.AbsoluteMouseHasBackForward)
            {
                throw new NanoKvmUnsupportedException($"The {button} mouse button", BackForwardVersion, capabilities);
            }

            if (device == MouseMode.Relative)
            {
                throw new NanoKvmUnsupportedException(
                    $"The {button} mouse button exists only on the absolute pointer; the relative mouse has three buttons.");
            }
        }
    }

    private MouseMode Mode(MouseMode? mode)
    {
        var value = mode ?? Hid.Options.DefaultMouseMode;
        return Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(mode), value, "Not a MouseMode value.");
    }

    private void EnsureButtonsOn(MouseMode device, FirmwareCapabilities capabilities)
    {
        // JSON firmware keeps buttons on the relative mouse whatever moves, so any combination is allowed there.
        if (capabilities.HidEncoding == HidEncoding.BinaryReports && Hid.Mouse.Buttons != 0 && Hid.Mouse.ButtonsOn != device)
        {
            throw new InvalidOperationException(
                $"Mouse buttons are held on the {Hid.Mouse.ButtonsOn.ToString().ToLowerInvariant()} pointer; the device would release them on a {device.ToString().ToLowerInvariant()} report. Release them first.");
        }
    }

    private async Task RunAsync(Func<FirmwareCapabilities, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await Hid.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        await Hid.MouseLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _action = new HidAction();
        try
        {
            await action(capabilities, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _action = null;
            Hid.MouseLock.Release();
        }
    }

    private async Task ClicksAsync(MouseButton button, MouseMode? mode, int count, CancellationToken cancellationToken)
    {
        ValidateButton(button);
        var device = Mode(mode);
        await RunAsync(async (capabilities, ct) =>
        {
            CheckButton(button, device, capabilities);
            EnsureButtonsOn(device, capabilities);
            await ClickCoreAsync(button, device, count, capabilities, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task ClickCoreAsync(MouseButton button, MouseMode device, int count, FirmwareCapabilities capabilities, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }

            await PressCoreAsync(button, device, capabilities, cancellationToken).ConfigureAwait(false);
            try
            {
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ReleaseQuietlyAsync(capabilities).ConfigureAwait(false);
                throw;
            }

            await ReleaseCoreAsync((byte)button, capabilities, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PressCoreAsync(MouseButton button, MouseMode device, FirmwareCapabilities capabilities, CancellationToken cancellationToken)
    {
        var bit = (byte)button;
        var state = Hid.Mouse;
        if (capabilities.HidEncoding == HidEncoding.JsonArrays)
        {
            if (state.Buttons != 0 && state.Buttons != bit)
            {
                throw new NanoKvmUnsupportedException(
                    $"Firmware {capabilities.Version} holds one mouse button at a time (JSON protocol); release the held one first.");
            }

            state.Press(bit, MouseMode.Relative);
            await SendOrReleaseAsync(() => SendLegacyAsync(JsonReportEncoder.EventDown, bit, 0, 0, cancellationToken), capabilities).ConfigureAwait(false);
            return;
        }

        // Without a known absolute position a press on the absolute pointer would move it; the relative mouse does not.
        var target = device == MouseMode.Absolute && !state.HasPosition && bit <= (byte)MouseButton.Middle && state.Buttons == 0
            ? MouseMode.Relative
            : device;
        if (target == MouseMode.Absolute && !state.HasPosition)
        {
            throw new InvalidOperationException($"The {button} button exists only on the absolute pointer; move the pointer first (MoveToAsync) so the click does not jump.");
        }

        state.Press(bit, target);
        await SendOrReleaseAsync(
            () => target == MouseMode.Absolute
                ? SendAbsoluteAsync(capabilities, state.Buttons, state.X, state.Y, 0, cancellationToken)
                : SendRelativeAsync(state.Buttons, 0, 0, 0, cancellationToken),
            capabilities).ConfigureAwait(false);
    }

    private async Task SendOrReleaseAsync(Func<Task> send, FirmwareCapabilities capabilities)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch
        {
            await ReleaseQuietlyAsync(capabilities).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases <paramref name="buttons"/>; cancelled or failed before the report was handed off, it still releases within bounds.</summary>
    private async Task ReleaseCoreAsync(byte buttons, FirmwareCapabilities capabilities, CancellationToken cancellationToken)
    {
        try
        {
            await SendReleaseAsync(buttons, capabilities, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseQuietlyAsync(capabilities).ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendReleaseAsync(byte buttons, FirmwareCapabilities capabilities, CancellationToken cancellationToken)
    {
        var state = Hid.Mouse;
        var device = state.ButtonsOn;

        // The record follows the hand-off: the buttons count as up only once their release report is in the pipe,
        // so a cancellation before that leaves them recorded as held and the caller's quiet release still sends it.
        var remaining = (byte)(state.Buttons & ~buttons);
        Action written = () => state.Release(buttons);
        if (capabilities.HidEncoding == HidEncoding.JsonArrays)
        {
            await SendLegacyAsync(JsonReportEncoder.EventUp, 0, 0, 0, cancellationToken, written).ConfigureAwait(false);
        }
        else if (device == MouseMode.Absolute && state.HasPosition)
        {
            await SendAbsoluteAsync(capabilities, remaining, state.X, state.Y, 0, cancellationToken, written).ConfigureAwait(false);
        }
        else
        {
            await SendRelativeAsync(remaining, 0, 0, 0, cancellationToken, written).ConfigureAwait(false);
        }
    }

    private async Task ReleaseQuietlyAsync(FirmwareCapabilities capabilities)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), Hid.Time);
            _action = null;
            await SendReleaseAsync(0xFF, capabilities, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NanoKvmException or OperationCanceledException or ObjectDisposedException)
        {
            // The session releases everything when it reconnects or is disposed.
        }
    }

    /// <summary>
    /// Sends a relative move as ±127 steps. The steps go out in batches of up to <see cref="StepsPerBatch"/>, each one
    /// socket write, because they are not paced: a long move costs a few writes instead of one per step.
    /// </summary>
    private async Task SendRelativeStepsAsync(FirmwareCapabilities capabilities, int dx, int dy, CancellationToken cancellationToken)
    {
        Hid.Mouse.ForgetPosition();
        var legacy = capabilities.HidEncoding == HidEncoding.JsonArrays;
        if (Math.Abs(dx) <= 127 && Math.Abs(dy) <= 127)
        {
            // One step: an inline frame, no batch to allocate.
            await (legacy
                ? SendLegacyAsync(JsonReportEncoder.EventMoveRelative, Hid.Mouse.Buttons, dx, dy, cancellationToken)
                : SendRelativeAsync(Hid.Mouse.Buttons, (sbyte)dx, (sbyte)dy, 0, cancellationToken)).ConfigureAwait(false);
            return;
        }

        while (dx != 0 || dy != 0)
        {
            var steps = Math.Max(Math.Abs(dx), Math.Abs(dy));
            steps = Math.Min((steps + 126) / 127, StepsPerBatch);
            var batch = new HidFrameBatch(legacy, steps);
            for (var i = 0; i < steps && (dx != 0 || dy != 0); i++)
            {
                var stepX = (sbyte)Math.Clamp(dx, -127, 127);
                var stepY = (sbyte)Math.Clamp(dy, -127, 127);
                dx -= stepX;
                dy -= stepY;
                var room = batch.Reserve(JsonReportEncoder.MaxLength);
                batch.Commit(legacy
                    ? JsonReportEncoder.EncodeMouse(room, JsonReportEncoder.EventMoveRelative, Hid.Mouse.Buttons, stepX, stepY)
                    : BinaryReportEncoder.EncodeRelative(room, Hid.Mouse.Buttons, stepX, stepY, 0));
            }

            await Hid.SendBatchAsync(batch, _action, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task SendAbsoluteAsync(FirmwareCapabilities capabilities, byte buttons, ushort x, ushort y, sbyte wheel, CancellationToken cancellationToken, Action? written = null)
    {
        Hid.Mouse.SetPosition(x, y);
        if (capabilities.HidEncoding == HidEncoding.JsonArrays)
        {
            // The legacy absolute event carries no buttons or wheel; those go to the relative mouse.
            return SendLegacyAsync(JsonReportEncoder.EventMoveAbsolute, 0, x, y, cancellationToken, written);
        }

        var frame = default(HidFrame);
        frame.Length = (byte)BinaryReportEncoder.EncodeAbsolute(frame.Bytes, buttons, x, y, wheel);
        frame.Action = _action;
        return Hid.SendAsync(frame, written, cancellationToken);
    }

    private Task SendRelativeAsync(byte buttons, sbyte dx, sbyte dy, sbyte wheel, CancellationToken cancellationToken, Action? written = null)
    {
        var frame = default(HidFrame);
        frame.Length = (byte)BinaryReportEncoder.EncodeRelative(frame.Bytes, buttons, dx, dy, wheel);
        frame.Action = _action;
        return Hid.SendAsync(frame, written, cancellationToken);
    }

    private Task SendLegacyAsync(int mouseEvent, int button, int x, int y, CancellationToken cancellationToken, Action? written = null)
    {
        var frame = new HidFrame { IsText = true };
        frame.Length = (byte)JsonReportEncoder.EncodeMouse(frame.Bytes, mouseEvent, button, x, y);
        frame.Action = _action;
        return Hid.SendAsync(frame, written, cancellationToken);
    }

    private Task DelayAsync(CancellationToken cancellationToken)
    {
        var pace = Hid.Options.ReportPace;
        return pace <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(pace, Hid.Time, cancellationToken);
    }
}
