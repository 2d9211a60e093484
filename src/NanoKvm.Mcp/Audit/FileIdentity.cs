using System.Runtime.InteropServices;

namespace NanoKvm.Mcp.Audit;

/// <summary>
/// Which file an open descriptor or a path really is (device and inode), whatever name led to it: a symlink,
/// <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>, <c>/dev/stdout</c>, a relative path or a hard link all resolve to the same
/// identity as the stream behind them. Linux only (<c>statx</c>, whose layout is the same on every architecture);
/// elsewhere the identity is unknown and callers fall back to comparing names.
/// </summary>
internal readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;

    /// <summary>The identity of an open file descriptor, or null when it cannot be read here.</summary>
    public static FileIdentity? OfDescriptor(int descriptor) => Query(descriptor, string.Empty, AtEmptyPath);

    /// <summary>The identity of the file a path leads to (symlinks followed), or null when it cannot be read here.</summary>
    public static FileIdentity? OfPath(string path) => Query(AtFdCwd, path, 0);

    private static FileIdentity? Query(int directory, string path, int flags)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxSize];
        try
        {
            if (NativeMethods.Statx(directory, path, flags, StatxIno, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        // struct statx, in the machine's byte order: stx_ino at byte 32, stx_dev_major at 136, stx_dev_minor at 140.
        ReadOnlySpan<byte> span = buffer;
        return new FileIdentity(
            MemoryMarshal.Read<uint>(span[136..]),
            MemoryMarshal.Read<uint>(span[140..]),
            MemoryMarshal.Read<ulong>(span[32..]));
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
