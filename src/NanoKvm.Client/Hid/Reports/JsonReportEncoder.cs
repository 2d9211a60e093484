namespace NanoKvm.Client.Hid.Reports;

/// <summary>
/// Encodes input for firmware 2.3.1 and older: text frames holding a JSON integer array. The arrays always have
/// their full length (6 elements for the keyboard, 5 for the mouse) because a shorter one crashes that server.
/// Writes ASCII into the caller's span; never allocates.
/// </summary>
/// <remarks>
/// Limits of that protocol, which callers must respect before encoding: one non-modifier key at a time; mouse
/// buttons exist only on the relative device (an absolute move always has buttons 0); one button at a time
/// (button up releases all); scroll uses only the sign of the value (one notch per message).
/// </remarks>
internal static class JsonReportEncoder
{
    public const int EventUp = 0;
    public const int EventDown = 1;
    public const int EventMoveAbsolute = 2;
    public const int EventMoveRelative = 3;
    public const int EventScroll = 4;

    /// <summary>Longest frame this encoder writes (<c>[2,2,0,32767,32767]</c> is 21 bytes).</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// <c>[1, keycode, ctrl, shift, alt, meta]</c>; each modifier element carries its HID bit values (left|right) so
    /// the server's OR rebuilds the modifier byte. With no key but modifiers held, the keycode is the usage of the
    /// lowest held modifier (the device writes it with the bit, which hosts read as that modifier). keycode 0 releases all.
    /// </summary>
    public static int EncodeKeyboard(Span<byte> destination, in KeyboardReport report)
    {
        int keycode = 0;
        for (var i = 0; i < KeyChord.MaxKeys; i++)
        {
            if (report.Keys[i] != 0)
            {
                keycode = report.Keys[i];
                break;
            }
        }

        var mods = report.Modifiers;
        if (keycode == 0 && mods != 0)
        {
            keycode = KeyCodes.FirstModifierUsage + System.Numerics.BitOperations.TrailingZeroCount((uint)mods);
        }

        var writer = new Writer(destination);
        writer.Open(1);
        writer.Next(keycode);
        writer.Next(mods & 0x11);
        writer.Next(mods & 0x22);
        writer.Next(mods & 0x44);
        writer.Next(mods & 0x88);
        return writer.Close();
    }

    /// <summary><c>[2, event, button, x, y]</c>.</summary>
    public static int EncodeMouse(Span<byte> destination, int mouseEvent, int button, int x, int y)
    {
        var writer = new Writer(destination);
        writer.Open(2);
        writer.Next(mouseEvent);
        writer.Next(button);
        writer.Next(x);
        writer.Next(y);
        return writer.Close();
    }

    private ref struct Writer
    {
        private readonly Span<byte> _destination;
        private int _length;

        public Writer(Span<byte> destination)
        {
            _destination = destination;
            _length = 0;
        }

        public void Open(int first)
        {
            _destination[_length++] = (byte)'[';
            Write(first);
        }

        public void Next(int value)
        {
            _destination[_length++] = (byte)',';
            Write(value);
        }

        public int Close()
        {
            _destination[_length++] = (byte)']';
            return _length;
        }

        private void Write(int value)
        {
            if (!value.TryFormat(_destination[_length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("HID frame buffer too small.");
            }

            _length += written;
        }
    }
}
