namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// InfluxDB refused lines of a write for good (HTTP 400): lines it cannot parse, or fields whose type conflicts
/// with what the shard holds. In a <c>partial write</c> every other line <b>was</b> stored.
/// </summary>
public sealed class InfluxWriteException(
    string message, bool partial, IReadOnlyList<string> unparsedLines, IReadOnlyList<InfluxTypeConflict> conflicts, int? dropped)
    : Exception(message)
{
    /// <summary>True when the server said <c>partial write</c>: the lines not named here were stored.</summary>
    public bool Partial { get; } = partial;

    /// <summary>The offending lines as the server echoed them (<c>unable to parse '…'</c>).</summary>
    public IReadOnlyList<string> UnparsedLines { get; } = unparsedLines;

    /// <summary>Field type conflicts the server reported.</summary>
    public IReadOnlyList<InfluxTypeConflict> Conflicts { get; } = conflicts;

    /// <summary>The server's <c>dropped=N</c>, when given.</summary>
    public int? Dropped { get; } = dropped;

    /// <summary>Reads the error message of a 400 answer to a write (see <see cref="InfluxErrorText.ParseWriteError"/>).</summary>
    public static InfluxWriteException Parse(string message) => InfluxErrorText.ParseWriteError(message);
}

/// <summary>A field written with one type to a measurement that holds it with another.</summary>
public sealed record InfluxTypeConflict(string Measurement, string Field, string Detail);
