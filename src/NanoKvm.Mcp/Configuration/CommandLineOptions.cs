namespace NanoKvm.Mcp.Configuration;

/// <summary>What was given on the command line, before environment variables and the devices file are merged in.</summary>
internal sealed record CommandLineOptions
{
    public string? Host { get; init; }

    public string? User { get; init; }

    public bool Https { get; init; }

    public bool Insecure { get; init; }

    public string? CertificateSha256 { get; init; }

    public string? DevicesFile { get; init; }

    public string? Device { get; init; }

    public bool Emulator { get; init; }

    public string? EmulatorFirmware { get; init; }

    public string? LogLevel { get; init; }




    public string? Call { get; init; }

    public string? Args { get; init; }

    public string? Out { get; init; }

    public bool Doctor { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }
}
