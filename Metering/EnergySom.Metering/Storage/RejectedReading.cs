namespace EnergySom.Metering.Storage;

/// <summary>A reading a store will never accept, and why (the store's own words, e.g. InfluxDB's parse error for its line).</summary>
public sealed record RejectedReading(Reading Reading, string Reason);
