namespace NanoKvm.Mcp.Configuration;

/// <summary>The environment variables the server reads (the reference server's names, plus a few of ours).</summary>
internal static class EnvironmentVariables
{
    public const string Host = "NANOKVM_HOST";
    public const string User = "NANOKVM_USER";
    public const string Password = "NANOKVM_PASS";
    public const string Https = "NANOKVM_HTTPS";
    public const string VerifySsl = "NANOKVM_VERIFY_SSL";
    public const string CertificateSha256 = "NANOKVM_CERT_SHA256";
    public const string ScreenWidth = "NANOKVM_SCREEN_WIDTH";
    public const string ScreenHeight = "NANOKVM_SCREEN_HEIGHT";
    public const string DevicesFile = "NANOKVM_DEVICES";
    public const string DefaultDevice = "NANOKVM_DEVICE";
    public const string LogLevel = "NANOKVM_MCP_LOG_LEVEL";
}
