using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

/// <summary>
/// Reads the safety switches from the command line and the environment (the command line wins). Loads and
/// validates the policy file here, so a malformed policy stops start-up before the server speaks.
/// </summary>
internal static class SafetyOptionsParser
{
    public const string PolicyOption = "--policy";
    public const string ReadOnlyOption = "--read-only";
    public const string AuditOption = "--audit";
    public const string AuditFullTextOption = "--audit-full-text";

    public const string PolicyVariable = "NANOKVM_MCP_POLICY";
    public const string ReadOnlyVariable = "NANOKVM_MCP_READ_ONLY";
    public const string AuditVariable = "NANOKVM_MCP_AUDIT";
    public const string AuditFullTextVariable = "NANOKVM_MCP_AUDIT_FULL_TEXT";

    /// <summary>Options that take a value (<c>--policy FILE</c> or <c>--policy=FILE</c>).</summary>
    public static IReadOnlyList<string> ValueOptions { get; } = [PolicyOption, AuditOption];

    /// <summary>Options that are flags (<c>--read-only</c>, or <c>--read-only=true|false</c>).</summary>
    public static IReadOnlyList<string> FlagOptions { get; } = [ReadOnlyOption, AuditFullTextOption];

    /// <summary>
    /// True when <paramref name="args"/>[<paramref name="index"/>] is one of ours; <paramref name="consumed"/> says how
    /// many arguments it spans (2 for <c>--policy FILE</c>), so the host's own parser can skip them.
    /// </summary>
    public static bool IsSafetyArgument(IReadOnlyList<string> args, int index, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (name, inlineValue) = Split(args[index]);
        if (ValueOptions.Contains(name, StringComparer.Ordinal))
        {
            consumed = inlineValue is null && index + 1 < args.Count ? 2 : 1;
            return true;
        }

        consumed = 1;
        return FlagOptions.Contains(name, StringComparer.Ordinal);
    }

    /// <summary>Builds <see cref="SafetyOptions"/>; ignores arguments that are not ours.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="environment">Environment lookup; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="PolicyFormatException">The policy file is missing, unreadable or malformed.</exception>
    /// <exception cref="ArgumentException">A switch has a bad value (e.g. <c>--audit stdout</c>).</exception>
    public static SafetyOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;

        var policyPath = NullIfEmpty(environment(PolicyVariable));
        var auditTarget = NullIfEmpty(environment(AuditVariable));
        var readOnly = ParseBool(environment(ReadOnlyVariable), ReadOnlyVariable) ?? false;
        var fullText = ParseBool(environment(AuditFullTextVariable), AuditFullTextVariable) ?? false;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            switch (name)
            {
                case PolicyOption:
                    policyPath = TakeValue(args, ref i, inlineValue, name);
                    break;
                case AuditOption:
                    auditTarget = TakeValue(args, ref i, inlineValue, name);
                    break;
                case ReadOnlyOption:
                    readOnly = inlineValue is null || (ParseBool(inlineValue, name) ?? true);
                    break;
                case AuditFullTextOption:
                    fullText = inlineValue is null || (ParseBool(inlineValue, name) ?? true);
                    break;
            }
        }

        if (auditTarget is not null && AuditTarget.IsStandardOutputName(auditTarget))
        {
            throw new ArgumentException(
                $"{AuditOption} {auditTarget}: the audit log cannot go to stdout, which carries the MCP protocol; use 'stderr' or a file path.");
        }

        return new SafetyOptions
        {
            Policy = policyPath is null ? SafetyPolicy.AllowAll : PolicyLoader.LoadFile(policyPath),
            ReadOnly = readOnly,
            AuditTarget = auditTarget,
            AuditFullText = fullText,
        };
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int index, string? inlineValue, string name)
    {
        if (inlineValue is not null)
        {
            return inlineValue.Length > 0 ? inlineValue : throw new ArgumentException($"{name} needs a value.");
        }

        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} needs a value.");
        }

        index++;
        return args[index];
    }

    private static bool? ParseBool(string? value, string name) => NullIfEmpty(value)?.ToUpperInvariant() switch
    {
        null => null,
        "1" or "TRUE" or "YES" or "ON" => true,
        "0" or "FALSE" or "NO" or "OFF" => false,
        _ => throw new ArgumentException($"{name}: expected true or false, got '{value}'."),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
