using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Chord text parses to the right modifier bits and usages; bad input fails with a clear message.</summary>
public sealed class KeyChordTests
{
    [Theory]
    [InlineData("Ctrl+Alt+Delete", 0x05, new byte[] { 0x4C })]
    [InlineData("control+option+del", 0x05, new byte[] { 0x4C })]
    [InlineData("AltGr+Q", 0x40, new byte[] { 0x14 })]
    [InlineData("Shift+F10", 0x02, new byte[] { 0x43 })]
    [InlineData("Meta+R", 0x08, new byte[] { 0x15 })]
    [InlineData("Win+r", 0x08, new byte[] { 0x15 })]
    [InlineData("Cmd+Space", 0x08, new byte[] { 0x2C })]
    [InlineData("Super+KeyL", 0x08, new byte[] { 0x0F })]
    [InlineData("RightCtrl+RightShift+RightMeta", 0xB0, new byte[0])]
    [InlineData("ControlRight+AltRight", 0x50, new byte[0])]
    [InlineData("F24", 0x00, new byte[] { 0x73 })]
    [InlineData("F13", 0x00, new byte[] { 0x68 })]
    [InlineData("ArrowUp", 0x00, new byte[] { 0x52 })]
    [InlineData("NumpadEnter", 0x00, new byte[] { 0x58 })]
    [InlineData("IntlBackslash", 0x00, new byte[] { 0x64 })]
    [InlineData("Shift+7", 0x02, new byte[] { 0x24 })]
    [InlineData("KeyA+KeyB+KeyC+KeyD+KeyE+KeyF", 0x00, new byte[] { 4, 5, 6, 7, 8, 9 })]
    [InlineData("0x28", 0x00, new byte[] { 0x28 })]
    public void Parse_Understands(string text, byte modifiers, byte[] keys)
    {
        var chord = KeyChord.Parse(text);

        Assert.Equal(modifiers, chord.Modifiers);
        Assert.Equal(keys, chord.Keys);
    }

    [Theory]
    [InlineData("Ctrl+Foo")]
    [InlineData("")]
    [InlineData("Ctrl++")]
    [InlineData("KeyA+KeyB+KeyC+KeyD+KeyE+KeyF+KeyG")]
    [InlineData("MediaPlayPause")]
    public void Parse_RejectsBadChords(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => KeyChord.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ToString_RoundTrips()
    {
        var chord = KeyChord.Parse("ctrl+alt+delete");

        Assert.Equal("Ctrl+Alt+Delete", chord.ToString());
        Assert.Equal("AltGr+Enter", KeyChord.Parse("altgr+return").ToString());
        Assert.Equal("Meta+0x99", KeyChord.FromUsages(KeyCodes.LeftMeta, 0x99).ToString());
        Assert.Equal(chord, KeyChord.Parse(chord.ToString()));
    }
}
