using System.Runtime.InteropServices;

namespace EnergySom.Metering.Storage;

/// <summary>
/// Makes a directory entry durable: after a file is created or renamed, the directory itself must be flushed,
/// or a power cut can lose the new name even though the file's data was flushed (POSIX <c>fsync</c> on the
/// directory; .NET cannot open a directory as a file, so this calls libc).
/// </summary>
internal static partial class FileSync
{
    private const int OpenDirectory = 0x10000; // O_DIRECTORY on Linux
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk. A no-op where POSIX directories cannot be opened.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Windows commits metadata with the file; macOS needs F_FULLFSYNC, not supported here.
        }

        var fd = NativeMethods.open(directory, ReadOnly | OpenDirectory);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"cannot flush directory {directory} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which Metering keeps off; these signatures need no marshalling beyond a UTF-8 path.
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
