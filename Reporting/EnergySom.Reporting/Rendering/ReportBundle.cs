using System.Text;

namespace EnergySom.Reporting.Rendering;

/// <summary>
/// A set of output files written together: everything is first written to a staging folder beside the
/// target, then moved into place, so a failure leaves no half-written report behind.
/// </summary>
public sealed class ReportBundle
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Relative paths of the files in the bundle.</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    public void Add(string relativePath, string content)
    {
        if (Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains(".."))
        {
            throw new ArgumentException($"'{relativePath}' must be a relative path inside the bundle", nameof(relativePath));
        }

        _files[relativePath.Replace('\\', '/')] = content;
    }

    /// <summary>Writes the bundle into <paramref name="directory"/> (created if missing) and returns the full paths.</summary>
    /// <exception cref="IOException">The folder cannot be written; nothing of the bundle is left in it.</exception>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        var target = Path.GetFullPath(directory);
        Directory.CreateDirectory(target);

        // Stage inside the target so the final moves stay on one file system and are atomic per file.
        var staging = Path.Combine(target, $".staging-{Guid.NewGuid():N}");
        try
        {
            foreach (var (relative, content) in _files)
            {
                var path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            var written = new List<string>();
            foreach (var relative in _files.Keys)
            {
                var final = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                File.Move(Path.Combine(staging, relative), final, overwrite: true);
                written.Add(final);
            }

            return written;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
