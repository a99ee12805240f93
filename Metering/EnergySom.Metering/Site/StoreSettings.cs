namespace EnergySom.Metering.Site;

/// <summary>The site's store: which kind, the embedded file's name, and InfluxDB settings when given.</summary>
/// <param name="Kind">The store <c>collect</c> uses unless told otherwise (<c>--store</c>).</param>
/// <param name="EmbeddedFile">File name of the embedded store inside the data folder.</param>
/// <param name="Influx">InfluxDB settings from the file (completed from the environment when used).</param>
public sealed record StoreSettings(StoreKind Kind, string EmbeddedFile, InfluxSettings Influx)
{
    /// <summary>The default: the embedded store in <c>readings.ests</c>.</summary>
    public static StoreSettings Default { get; } = new(StoreKind.Embedded, "readings.ests", new InfluxSettings());
}
