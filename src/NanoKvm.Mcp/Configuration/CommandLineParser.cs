using NanoKvm.Mcp.Http;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Configuration;

/// <summary>Parses <c>nanokvm-mcp</c>'s options; accepts <c>--name value</c> and <c>--name=value</c>.</summary>
internal static class CommandLineParser
{
    public static readonly string Usage = $$"""
        nanokvm-mcp — MCP server for Sipeed NanoKVM devices (stdio, or Streamable HTTP with --http).

        Device (or set NANOKVM_HOST / NANOKVM_USER / NANOKVM_PASS / NANOKVM_HTTPS / NANOKVM_VERIFY_SSL):
          --host HOST            Device address: 10.0.0.5, kvm.lan:8443 or http(s)://...
          --user NAME            Login name (default admin). The password is read from NANOKVM_PASS only.
          --https                Use https:// when --host has no scheme.
          --insecure             Accept the device's self-signed certificate.
          --cert-sha256 HEX      Accept only the certificate with this SHA-256 fingerprint.
          --devices FILE         JSON file of named devices (format: docs, below).
          --device NAME          Device used when a tool call names none.
          --emulator             Add an in-process emulated NanoKVM named "emulator" and make it the default.
          --emulator-firmware V  Firmware the emulator imitates: 2.2.x, 2.3.1, 2.4.x, 2.5.0, 2.5.1 (default), or a NanoKVM-Pro: pro-1.2.6, pro-1.2.15.

        Safety (policy format: docs, below; also NANOKVM_MCP_POLICY / _READ_ONLY / _AUDIT):
          --policy FILE          Safety policy file.
          --read-only            Offer only tools that change nothing.
          --audit FILE|stderr    Write an audit line per tool call.
          --audit-full-text      Log typed text verbatim in the audit (secrets stay redacted).

        {{HttpOptionsParser.Usage}}

        One-shot (call one tool through the MCP pipeline, print the result, exit):
          --call TOOL            e.g. nanokvm_screenshot
          --args JSON            Arguments as a JSON object, e.g. '{"text":"hello"}'
          --out FILE             Where an image result is written (default <tool>.jpg)

        Diagnosis (the first step when something does not work):
          --doctor               Check each device (address, TLS, login, firmware, HID socket, a video frame) and
                                 the optional tools, print a fix for each problem; exit 0 only when all pass.

          --log-level LEVEL      stderr log level: trace, debug, information (default; warning with --call),
                                 warning, error, critical or none. Also NANOKVM_MCP_LOG_LEVEL.
          --help, --version

        Example without hardware:
          nanokvm-mcp --emulator --call nanokvm_screenshot --out screen.jpg

        Docs: https://github.com/nanokvm-dotnet/NanoKvm/blob/main/docs/mcp.md (server, devices file),
              https://github.com/nanokvm-dotnet/NanoKvm/blob/main/docs/policy.md (safety policy),
              https://github.com/nanokvm-dotnet/NanoKvm/blob/main/docs/observability.md (tracing, metrics, logs)
        """;

    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new CommandLineOptions();
        for (var i = 0; i < args.Count; i++)
        {
            // The safety module owns its switches and parses them from the same arguments.
            if (SafetyOptionsParser.IsSafetyArgument(args, i, out var consumed) || HttpOptionsParser.IsHttpArgument(args, i, out consumed))
            {
                i += consumed - 1;
                continue;
            }

            var arg = args[i];
            string? inlineValue = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inlineValue = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ConfigurationException($"Option {arg} needs a value; try --help.");
                }

                return args[++i];
            }

            void NoValue()
            {
                if (inlineValue is not null)
                {
                    throw new ConfigurationException($"Option {arg} takes no value.");
                }
            }

            switch (arg)
            {
                case "--host":
                    options = options with { Host = Value() };
                    break;
                case "--user":
                    options = options with { User = Value() };
                    break;
                case "--https":
                    NoValue();
                    options = options with { Https = true };
                    break;
                case "--insecure":
                    NoValue();
                    options = options with { Insecure = true };
                    break;
                case "--cert-sha256":
                    options = options with { CertificateSha256 = Value() };
                    break;
                case "--devices":
                    options = options with { DevicesFile = Value() };
                    break;
                case "--device":
                    options = options with { Device = Value() };
                    break;
                case "--emulator":
                    NoValue();
                    options = options with { Emulator = true };
                    break;
                case "--emulator-firmware":
                    options = options with { EmulatorFirmware = Value() };
                    break;
                case "--log-level":
                    options = options with { LogLevel = Value() };
                    break;
                case "--call":
                    options = options with { Call = Value() };
                    break;
                case "--args":
                    options = options with { Args = Value() };
                    break;
                case "--out":
                    options = options with { Out = Value() };
                    break;
                case "--doctor":
                    NoValue();
                    options = options with { Doctor = true };
                    break;
                case "--help" or "-h" or "-?":
                    options = options with { Help = true };
                    break;
                case "--version":
                    options = options with { Version = true };
                    break;
                case "--pass" or "--password":
                    throw new ConfigurationException(
                        $"{arg} is not accepted: a password on the command line leaks into process lists and shell history. " +
                        $"Set {EnvironmentVariables.Password}, or use passwordEnv in a devices file.");
                default:
                    throw new ConfigurationException($"Unknown option '{args[i]}'; try --help.");
            }
        }

        if (options.Doctor && options.Call is not null)
        {
            throw new ConfigurationException("--doctor and --call are separate modes; use one.");
        }

        if ((options.Args is not null || options.Out is not null) && options.Call is null)
        {
            throw new ConfigurationException("--args and --out only apply to one-shot mode; add --call TOOL.");
        }

        return options;
    }
}
