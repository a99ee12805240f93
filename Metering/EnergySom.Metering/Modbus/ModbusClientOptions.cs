namespace EnergySom.Metering.Modbus;

/// <summary>Timing of a Modbus client.</summary>
public sealed record ModbusClientOptions
{
    /// <summary>How long one request may wait for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
