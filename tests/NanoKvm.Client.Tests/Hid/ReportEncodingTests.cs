using System.Text;
using NanoKvm.Client.Hid;
using NanoKvm.Client.Hid.Reports;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>The report encoders write the protocol sheet's bytes, full-length JSON arrays, and never allocate.</summary>
public sealed class ReportEncodingTests
{
    [Fact]
    public void Binary_ShiftA_IsTheSheetsExample()
    {
        var report = KeyboardReport.Empty;
        report.Modifiers = KeyCodes.LeftShift;
        report.Keys[0] = 0x04;
        Span<byte> frame = stackalloc byte[16];

        var length = BinaryReportEncoder.EncodeKeyboard(frame, report);

        Assert.Equal("010200040000000000", Convert.ToHexString(frame[..length]));
    }

    [Fact]
    public void Binary_MouseReports_AreTheSheetsExamples()
    {
        Span<byte> frame = stackalloc byte[16];

        Assert.Equal("0200FF3FFF3F00", Convert.ToHexString(frame[..BinaryReportEncoder.EncodeAbsolute(frame, 0, 16383, 16383, 0)]));
        Assert.Equal("0201000000", Convert.ToHexString(frame[..BinaryReportEncoder.EncodeRelative(frame, 1, 0, 0, 0)]));
        Assert.Equal("02000000FF", Convert.ToHexString(frame[..BinaryReportEncoder.EncodeRelative(frame, 0, 0, 0, -1)]));
        Assert.Equal("00", Convert.ToHexString(frame[..BinaryReportEncoder.EncodeHeartbeat(frame)]));
    }

    [Fact]
    public void Json_Keyboard_IsAlwaysSixElements()
    {
        Span<byte> frame = stackalloc byte[JsonReportEncoder.MaxLength];
        var shiftA = KeyboardReport.Empty;
        shiftA.Modifiers = KeyCodes.LeftShift;
        shiftA.Keys[0] = 0x04;
        var ctrlAltOnly = KeyboardReport.Empty;
        ctrlAltOnly.Modifiers = KeyCodes.LeftCtrl | KeyCodes.RightAlt;

        Assert.Equal("[1,4,0,2,0,0]", Text(frame, JsonReportEncoder.EncodeKeyboard(frame, shiftA)));
        Assert.Equal("[1,0,0,0,0,0]", Text(frame, JsonReportEncoder.EncodeKeyboard(frame, KeyboardReport.Empty)));
        // Modifiers alone travel as the lowest modifier's usage plus the bits (the server writes [mods,0,usage,...]).
        Assert.Equal("[1,224,1,0,64,0]", Text(frame, JsonReportEncoder.EncodeKeyboard(frame, ctrlAltOnly)));
    }

    [Fact]
    public void Json_Mouse_IsAlwaysFiveElements()
    {
        Span<byte> frame = stackalloc byte[JsonReportEncoder.MaxLength];

        Assert.Equal("[2,2,0,32767,32767]", Text(frame, JsonReportEncoder.EncodeMouse(frame, JsonReportEncoder.EventMoveAbsolute, 0, 32767, 32767)));
        Assert.Equal("[2,1,4,0,0]", Text(frame, JsonReportEncoder.EncodeMouse(frame, JsonReportEncoder.EventDown, 4, 0, 0)));
        Assert.Equal("[2,3,1,-127,127]", Text(frame, JsonReportEncoder.EncodeMouse(frame, JsonReportEncoder.EventMoveRelative, 1, -127, 127)));
        Assert.Equal("[2,4,0,0,-1]", Text(frame, JsonReportEncoder.EncodeMouse(frame, JsonReportEncoder.EventScroll, 0, 0, -1)));
    }

    [Fact]
    public void Encoding_DoesNotAllocate()
    {
        var frame = default(HidFrame);
        var report = KeyboardReport.Empty;
        report.Modifiers = KeyCodes.RightAlt;
        report.Keys[0] = 0x14;
        Warm(ref frame, report);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Warm(ref frame, report);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 32767)]
    [InlineData(0.5, 16384)]
    [InlineData(16383.0 / 32767, 16383)]
    [InlineData(0.25, 8192)]
    public void NormalizedCoordinates_RoundToTheLogicalRange(double value, int expected)
    {
        Assert.Equal(expected, MouseClient.ToAbsolute(value, "x"));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(double.PositiveInfinity)]
    public void NormalizedCoordinates_OutOfRangeAreRejected(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MouseClient.ToAbsolute(value, "x"));
    }

    private static void Warm(ref HidFrame frame, KeyboardReport report)
    {
        frame.Length = (byte)BinaryReportEncoder.EncodeKeyboard(frame.Bytes, report);
        frame.Length = (byte)JsonReportEncoder.EncodeKeyboard(frame.Bytes, report);
        frame.Length = (byte)BinaryReportEncoder.EncodeAbsolute(frame.Bytes, 1, 32767, 123, -3);
        frame.Length = (byte)BinaryReportEncoder.EncodeRelative(frame.Bytes, 1, -127, 127, 1);
        frame.Length = (byte)JsonReportEncoder.EncodeMouse(frame.Bytes, JsonReportEncoder.EventMoveAbsolute, 0, 32767, 16000);
    }

    private static string Text(ReadOnlySpan<byte> frame, int length) => Encoding.ASCII.GetString(frame[..length]);
}
