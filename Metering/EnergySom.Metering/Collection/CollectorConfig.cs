using EnergySom.Firmware.Profiles;

namespace EnergySom.Metering.Collection;

/// <summary>A meter behind a gateway: its id, Modbus unit id, profile, and optionally the points to read (all when null).</summary>
public sealed record MeterConfig(string MeterId, byte Unit, DeviceProfile Profile, IReadOnlyList<string>? Points = null)
{
    public IEnumerable<RegisterPoint> SelectedPoints() =>
        Points is null ? Profile.Points : Points.Select(Profile.Point);
}

/// <summary>A Modbus TCP gateway (or a meter with its own Ethernet port) and the meters it reaches.</summary>
public sealed record GatewayConfig(string Name, string Host, int Port, IReadOnlyList<MeterConfig> Meters);

/// <summary>Collector timing.</summary>
public sealed record CollectorOptions
{
    /// <summary>Poll interval of fast points (power).</summary>
    public TimeSpan FastInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Poll interval of slow points (energy counters).</summary>
    public TimeSpan SlowInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest hole (registers) a read spans to merge two points.</summary>
    public int MaxReadGap { get; init; } = 10;

    public Modbus.ModbusClientOptions Modbus { get; init; } = new();
}
