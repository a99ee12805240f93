namespace EnergySom.Metering.Storage.Influx;

/// <summary>An InfluxQL query failed: an HTTP error, or an <c>error</c> inside a 200 response (InfluxDB reports a missing database that way).</summary>
public sealed class InfluxQueryException(string message, string query) : Exception(message)
{
    /// <summary>The query that failed.</summary>
    public string Query { get; } = query;
}
