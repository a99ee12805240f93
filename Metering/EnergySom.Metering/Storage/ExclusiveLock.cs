namespace EnergySom.Metering.Storage;

/// <summary>
/// An exclusive, process-wide lock on a lock file (<c>flock</c> on Linux through <see cref="FileShare.None"/>), so
/// two collectors can never write the same store or buffer. The lock dies with the process, so a crash never
/// leaves it stale.
/// </summary>
public sealed class ExclusiveLock : IDisposable
{
    private readonly FileStream _file;

    private ExclusiveLock(FileStream file) => _file = file;

    /// <summary>Takes the lock on <paramref name="lockPath"/> for <paramref name="what"/>.</summary>
    /// <exception cref="IOException">Another process (or another open in this one) holds it; the message says which file.</exception>
    public static ExclusiveLock Acquire(string lockPath, string what)
    {
        try
        {
            return new ExclusiveLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"{what} is in use by another process (lock file {lockPath}); stop it first", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
