namespace EnergySom.Firmware.Profiles;

/// <summary>The folder of profile files shipped with EnergySom (<c>firmware-interfaces/profiles/</c>).</summary>
public sealed class ProfileLibrary
{
    private readonly Dictionary<string, DeviceProfile> _profiles;

    private ProfileLibrary(string directory, Dictionary<string, DeviceProfile> profiles)
    {
        Directory = directory;
        _profiles = profiles;
    }

    public string Directory { get; }

    public IReadOnlyCollection<DeviceProfile> Profiles => _profiles.Values;

    /// <summary>Loads every <c>*.yaml</c> in <paramref name="directory"/>; any invalid file fails the whole load.</summary>
    public static ProfileLibrary Load(string directory)
    {
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var profile = ProfileLoader.LoadFile(file);
            if (!profiles.TryAdd(profile.Id, profile))
            {
                throw new ProfileException(file, 1, "id", $"profile id '{profile.Id}' is also used by {profiles[profile.Id].FilePath}");
            }
        }

        return new ProfileLibrary(directory, profiles);
    }

    /// <summary>The profiles folder shipped beside the assembly (copied there by the build).</summary>
    public static ProfileLibrary LoadBundled() =>
        Load(Path.Combine(AppContext.BaseDirectory, "profiles"));

    public DeviceProfile Get(string id) =>
        _profiles.TryGetValue(id, out var profile)
            ? profile
            : throw new KeyNotFoundException($"no profile '{id}' in {Directory} (known: {string.Join(", ", _profiles.Keys.Order())})");

    public bool TryGet(string id, out DeviceProfile profile) => _profiles.TryGetValue(id, out profile!);
}
