namespace EnergySom.Metering.Storage;

/// <summary>
/// Identifies a time series: the meter and the measurement (a profile point name such as
/// <c>active_power</c>, or a quantity code such as <c>active_energy_import</c> for interval data).
/// </summary>
public readonly record struct SeriesKey
{
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
    }

    public string Meter { get; }

    public string Measurement { get; }

    /// <summary>Parses the <c>meter/measurement</c> form of <see cref="ToString"/>.</summary>
    public static SeriesKey Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new FormatException($"'{text}' is not meter/measurement") : new SeriesKey(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => $"{Meter}/{Measurement}";
}
