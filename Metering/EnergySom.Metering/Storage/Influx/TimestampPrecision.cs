namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// The unit of the timestamps written to InfluxDB. Timestamps are floored to it, so two readings of one series
/// closer than one unit are the same point (the later wins): keep it finer than the poll interval.
/// </summary>
public enum TimestampPrecision
{
    /// <summary>Nanoseconds (the default): every reading keeps its exact time (EnergySom instants have 100 ns ticks).</summary>
    Nanoseconds,

    /// <summary>Microseconds.</summary>
    Microseconds,

    /// <summary>Milliseconds: what VictoriaMetrics stores.</summary>
    Milliseconds,

    /// <summary>Seconds: the most compact on disk, for polls a second apart or more.</summary>
    Seconds,
}

/// <summary>Query-string spellings and unit sizes of <see cref="TimestampPrecision"/>.</summary>
public static class TimestampPrecisionExtensions
{
    /// <summary>
    /// The <c>precision</c> parameter of v1 <c>/write</c> (n, u, ms, s). InfluxDB 1.x silently treats an unknown
    /// value as nanoseconds and stores the point in 1970, so only these spellings are ever sent.
    /// </summary>
    public static string V1Parameter(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Nanoseconds => "n",
        TimestampPrecision.Microseconds => "u",
        TimestampPrecision.Milliseconds => "ms",
        TimestampPrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>The <c>precision</c> parameter of v2 <c>/api/v2/write</c> (ns, us, ms, s).</summary>
    public static string V2Parameter(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Nanoseconds => "ns",
        TimestampPrecision.Microseconds => "us",
        TimestampPrecision.Milliseconds => "ms",
        TimestampPrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>The <c>epoch</c> parameter of <c>/query</c> (ns, u, ms, s), so times come back as integers in this unit.</summary>
    public static string EpochParameter(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Nanoseconds => "ns",
        TimestampPrecision.Microseconds => "u",
        TimestampPrecision.Milliseconds => "ms",
        TimestampPrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>100-ns ticks in one unit; 0 for nanoseconds (a tick is 100 units).</summary>
    public static long TicksPerUnit(this TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Nanoseconds => 0,
        TimestampPrecision.Microseconds => 10,
        TimestampPrecision.Milliseconds => 10_000,
        TimestampPrecision.Seconds => 10_000_000,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>Parses n/ns, u/us, ms, s (as in the config file); null when unknown.</summary>
    public static TimestampPrecision? Parse(string text) => text switch
    {
        "n" or "ns" => TimestampPrecision.Nanoseconds,
        "u" or "us" => TimestampPrecision.Microseconds,
        "ms" => TimestampPrecision.Milliseconds,
        "s" => TimestampPrecision.Seconds,
        _ => null,
    };
}
