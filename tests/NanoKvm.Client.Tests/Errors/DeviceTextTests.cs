using System.Text;

namespace NanoKvm.Client.Tests.Errors;

/// <summary>The one rule for device text in messages and logs: capped, controls escaped, invalid UTF-8 replaced.</summary>
public sealed class DeviceTextTests
{
    [Theory]
    [InlineData("disk full", "disk full")]
    [InlineData("a\nb\rc\td", @"a\nb\rc\td")]
    [InlineData("\u001b[31mred", @"\u001B[31mred")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("bidi\u202Eevil", @"bidi\u202Eevil")]
    [InlineData("line\u2028sep", @"line\u2028sep")]
    [InlineData("emoji 😀 kept", "emoji 😀 kept")]
    [InlineData("del\u007F c1\u0085", @"del\u007F c1\u0085")]
    public void EscapesWhatCouldBreakOrForgeALine(string input, string expected) =>
        Assert.Equal(expected, DeviceText.Clean(input));

    [Fact]
    public void LongText_IsCut_AndSaysHowLongItWas()
    {
        var cleaned = DeviceText.Clean(new string('x', 15_700_000))!;

        Assert.StartsWith(new string('x', DeviceText.MaxChars) + "…", cleaned, StringComparison.Ordinal);
        Assert.Contains("15700000 characters", cleaned, StringComparison.Ordinal);
        Assert.True(cleaned.Length < DeviceText.MaxChars + 40);
    }

    [Fact]
    public void Utf8_InvalidBytesAreReplaced_AndAHugeBodyIsNotDecodedWhole()
    {
        byte[] bytes = [.. "ok "u8, 0xFF, 0xC3, .. " end"u8];

        Assert.Equal("ok \uFFFD\uFFFD end", DeviceText.Clean(bytes));
        var huge = DeviceText.Clean(Encoding.UTF8.GetBytes(new string('z', 1_000_000)));
        Assert.Contains("1000000 bytes", huge, StringComparison.Ordinal);
    }

    [Fact]
    public void UnpairedSurrogate_IsEscaped_APairIsKept()
    {
        Assert.Equal(@"a\uD800b", DeviceText.Clean("a\uD800b"));
        Assert.Equal("a\uD83D\uDE00", DeviceText.Clean("a\uD83D\uDE00"));
    }
}
