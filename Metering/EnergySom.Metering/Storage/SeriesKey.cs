namespace EnergySom.Metering.Storage;

/// <summary>
/// Identifies a time series: the meter and the measurement (a profile point name such as
/// <c>active_power</c>, or a quantity code such as <c>active_energy_import</c> for interval data).
/// </summary>
/// <remarks>The hash is computed once, when the key is made: stores and encoders look keys up for every reading.</remarks>
public readonly record struct SeriesKey
{
    private readonly int _hash;

    public SeriesKey(string meter, string measurement)
    {
        if (string.IsNullOrWhiteSpace(meter) || meter.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"meter id '{meter}' must be non-empty and contain no '/'", nameof(meter));
        }

        if (string.IsNullOrWhiteSpace(measurement) || measurement.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"measurement '{measurement}' must be non-empty and contain no '/'", nameof(measurement));
        }

        Meter = meter;
        Measurement = measurement;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(meter), StringComparer.Ordinal.GetHashCode(measurement));
    }

    public string Meter { get; }

    public string Measurement { get; }

    /// <summary>Parses the <c>meter/measurement</c> form of <see cref="ToString"/>.</summary>
    public static SeriesKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new FormatException($"'{text}' is not meter/measurement") : new SeriesKey(text[..slash], text[(slash + 1)..]);
    }

    public bool Equals(SeriesKey other) =>
        _hash == other._hash && string.Equals(Meter, other.Meter, StringComparison.Ordinal) && string.Equals(Measurement, other.Measurement, StringComparison.Ordinal);

    public override int GetHashCode() => _hash;

    public override string ToString() => $"{Meter}/{Measurement}";
}
