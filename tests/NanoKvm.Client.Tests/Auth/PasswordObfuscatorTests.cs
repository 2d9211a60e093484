using NanoKvm.Client.Auth;

namespace NanoKvm.Client.Tests.Auth;

public sealed class PasswordObfuscatorTests
{
    // Test vectors from the protocol sheet (§1.2), computed with crypto-js 4.2.0 and cross-checked with openssl.
    [Theory]
    [InlineData("admin", "0102030405060708", "U2FsdGVkX18BAgMEBQYHCDqqQ2txUJEymiuPNgygcGQ%3D")]
    [InlineData("MyS3cret+Pass/=", "a1b2c3d4e5f60718", "U2FsdGVkX1%2BhssPU5fYHGIRIW%2Bls%2FgREkXfSjEj5rDM%3D")]
    public void Obfuscate_MatchesTheFirmwareVectors(string password, string saltHex, string expected)
    {
        Assert.Equal(expected, PasswordObfuscator.Obfuscate(password, Convert.FromHexString(saltHex)));
    }

    [Fact]
    public void DeriveKeyAndIv_MatchesVectorA()
    {
        Span<byte> keyAndIv = stackalloc byte[48];
        PasswordObfuscator.DeriveKeyAndIv(Convert.FromHexString("0102030405060708"), keyAndIv);
        Assert.Equal(
            "42c3fe5fe864ee325657646ae8c9d363ba0b3496e5a88c44ba6ce6eea6c952fe",
            Convert.ToHexStringLower(keyAndIv[..32]));
        Assert.Equal("116c9a4f3b5668e5f13c47b174267d36", Convert.ToHexStringLower(keyAndIv[32..]));
    }

    [Fact]
    public void Obfuscate_UsesAFreshSaltEachTime()
    {
        var first = PasswordObfuscator.Obfuscate("admin");
        var second = PasswordObfuscator.Obfuscate("admin");
        Assert.NotEqual(first, second);
        Assert.StartsWith("U2FsdGVkX1", first, StringComparison.Ordinal);
        Assert.DoesNotContain('+', first);
        Assert.DoesNotContain('/', first);
    }
}
