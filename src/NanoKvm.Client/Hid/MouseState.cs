namespace NanoKvm.Client.Hid;

/// <summary>
/// What the session believes the device's pointers hold: pressed buttons and the device they were pressed on, and
/// the last absolute position sent (so a click without coordinates can repeat it instead of jumping).
/// </summary>
internal sealed class MouseState
{
    private readonly object _gate = new();

    public byte Buttons { get; private set; }

    public MouseMode ButtonsOn { get; private set; }

    public ushort X { get; private set; }

    public ushort Y { get; private set; }

    public bool HasPosition { get; private set; }

    public object Gate => _gate;

    public void SetPosition(ushort x, ushort y)
    {
        lock (_gate)
        {
            X = x;
            Y = y;
            HasPosition = true;
        }
    }

    public void ForgetPosition()
    {
        lock (_gate)
        {
            HasPosition = false;
        }
    }

    public void Press(byte button, MouseMode device)
    {
        lock (_gate)
        {
            Buttons |= button;
            ButtonsOn = device;
        }
    }

    public void Release(byte button)
    {
        lock (_gate)
        {
            Buttons &= (byte)~button;
        }
    }

    /// <summary>Forgets the buttons and returns what was held and on which device.</summary>
    public (byte Buttons, MouseMode Device) ClearButtons()
    {
        lock (_gate)
        {
            var held = (Buttons, ButtonsOn);
            Buttons = 0;
            return held;
        }
    }
}
