namespace EnergySom.Metering.Buffer;

/// <summary>How the forwarder moves buffered readings to the store.</summary>
public sealed record ForwarderOptions
{
    /// <summary>Readings per store write (default 5,000: about 0.5 MB of InfluxDB line protocol).</summary>
    public int MaxReadingsPerWrite { get; init; } = 5000;

    /// <summary>Wait after the first failed write; doubled after each further failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts (a server's Retry-After may ask for longer, and is honoured).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
