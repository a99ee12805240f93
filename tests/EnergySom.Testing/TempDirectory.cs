namespace EnergySom.Testing;

/// <summary>A temporary folder deleted when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "energysom-test-") => Info = Directory.CreateTempSubdirectory(prefix);

    public DirectoryInfo Info { get; }

    public string Path => Info.FullName;

    public string File(string name) => System.IO.Path.Combine(Info.FullName, name);

    public void Dispose()
    {
        try
        {
            Info.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A server may still hold a file for a moment; the OS cleans /tmp.
        }
    }
}
