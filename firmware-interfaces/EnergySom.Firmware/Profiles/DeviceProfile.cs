namespace EnergySom.Firmware.Profiles;

/// <summary>Where a register map comes from, so anyone can check it against the manufacturer's document.</summary>
/// <param name="Datasheet">Document title, edition and the table the map was read from.</param>
/// <param name="Firmware">Firmware version or hardware revision the map applies to.</param>
/// <param name="Confidence">V = read in the primary document; S = secondary source; R = recalled, verify.</param>
public sealed record ProfileSource(string Datasheet, string Firmware, string Confidence, string? Notes = null)
{
    /// <summary>Where the document (or the public transcription) can be found, when known.</summary>
    public string? Url { get; init; }
}

/// <summary>The register map of one meter model, loaded from a profile file.</summary>
public sealed record DeviceProfile(
    string Id,
    string Manufacturer,
    string Model,
    ProfileSource Source,
    IReadOnlyList<RegisterPoint> Points,
    string? FilePath = null)
{
    /// <summary>The schema identifier every profile file declares.</summary>
    public const string SchemaId = "energysom.profile/1";

    /// <summary>Factory unit id and serial settings.</summary>
    public ProfileLink Link { get; init; } = ProfileLink.Default;

    /// <summary>The points holding the meter's CT and PT ratios, when the meter has them.</summary>
    public RatioPoints? Ratios { get; init; }

    /// <summary>How the file's <c>register</c> numbers were read (for showing them back as the datasheet does).</summary>
    public RegisterNumbering Numbering { get; init; } = RegisterNumbering.Modicon;

    public RegisterPoint Point(string name) =>
        Points.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"profile '{Id}' has no point '{name}'");

    public RegisterPoint? FindPoint(string name) => Points.FirstOrDefault(p => p.Name == name);

    /// <summary>The register number of a point as this profile's datasheet writes it.</summary>
    public int DatasheetRegister(RegisterPoint point) =>
        Numbering == RegisterNumbering.OneBased ? point.Address + 1 : point.RegisterNumber;
}
