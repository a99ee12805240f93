namespace EnergySom.Metering.Site;

/// <summary>Where readings go.</summary>
public enum StoreKind
{
    /// <summary>The embedded file store, one file in the data folder: one factory, no server.</summary>
    Embedded,

    /// <summary>InfluxDB (1.x, or 2.x/3.x through <c>/api/v2/write</c>).</summary>
    InfluxDb,
}
