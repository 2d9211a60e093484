using Microsoft.Win32.SafeHandles;

namespace NanoKvm.Mcp.Audit;

/// <summary>
/// Opens where audit lines go. Refuses stdout by every path that leads to it: the names <c>-</c> and
/// <c>stdout</c>, and any file whose identity is that of this process's standard output (<c>/dev/stdout</c>,
/// <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>, <c>/dev/../dev/stdout</c>, a symlink, a relative path, the file stdout is
/// redirected to), checked before and again after opening.
/// </summary>
internal static class AuditTarget
{
    private const int StandardOutput = 1;
    private const int StandardError = 2;

    /// <summary>Names that mean stdout without being a path.</summary>
    public static bool IsStandardOutputName(string target) =>
        target is "-" || string.Equals(target, "stdout", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="AuditUnavailableException">The target is stdout, or cannot be opened for writing.</exception>
    public static Stream Open(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (IsStandardOutputName(target))
        {
            throw IsStdout(target);
        }

        if (string.Equals(target, AuditLog.StandardErrorTarget, StringComparison.OrdinalIgnoreCase))
        {
            return OpenStandardError(target);
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(target);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new AuditUnavailableException($"audit log '{target}' is not a usable path: {e.Message}", e);
        }

        var stdout = FileIdentity.OfDescriptor(StandardOutput);
        if ((stdout is not null && FileIdentity.OfPath(fullPath) == stdout) || NamesStandardOutput(fullPath))
        {
            throw IsStdout(target);
        }

        FileStream stream;
        try
        {
            if (Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            // Unbuffered, so every line is one write; FileShare lets an operator tail the log and rotation tools copy it.
            stream = new FileStream(fullPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new AuditUnavailableException($"audit log '{target}' cannot be opened for writing: {e.Message}", e);
        }

        var descriptor = (int)stream.SafeFileHandle.DangerousGetHandle();
        if (OperatingSystem.IsLinux() && (descriptor == StandardOutput || (stdout is not null && FileIdentity.OfDescriptor(descriptor) == stdout)))
        {
            stream.Dispose();
            throw IsStdout(target);
        }

        return stream;
    }

    private static Stream OpenStandardError(string target)
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardError();
        }

        // Write to descriptor 2 directly: the console stream would swallow a broken pipe, and the log must notice it.
        var stdout = FileIdentity.OfDescriptor(StandardOutput);
        if (stdout is not null && FileIdentity.OfDescriptor(StandardError) == stdout)
        {
            throw new AuditUnavailableException(
                $"audit log '{target}': stderr is the same stream as stdout here, which carries the MCP protocol; use a file path.");
        }

        try
        {
            return new FileStream(new SafeFileHandle(StandardError, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new AuditUnavailableException($"audit log '{target}' cannot be opened for writing: {e.Message}", e);
        }
    }

    /// <summary>Where no file identity can be read, compare what the path finally names with the names of stdout.</summary>
    private static bool NamesStandardOutput(string fullPath)
    {
        string[] stdoutNames = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
        var final = fullPath;
        try
        {
            if (new FileInfo(fullPath).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                final = target.FullName;
            }
        }
        catch (IOException)
        {
            // A broken or looping link: not stdout; opening it fails on its own.
        }

        return stdoutNames.Contains(fullPath, StringComparer.Ordinal) || stdoutNames.Contains(final, StringComparer.Ordinal);
    }

    private static AuditUnavailableException IsStdout(string target) =>
        new($"audit log '{target}' is the server's stdout, which carries the MCP protocol; use 'stderr' or a file path.");
}
