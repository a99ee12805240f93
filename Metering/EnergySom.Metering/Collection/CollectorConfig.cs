using EnergySom.Firmware.Profiles;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Collection;

/// <summary>A meter behind a gateway: its id, Modbus unit id, profile, and optionally the points to read (all when null).</summary>
/// <param name="MeterId">Unique across the site; the <c>meter</c> of every series it produces.</param>
/// <param name="Unit">Modbus unit id (slave address) behind the gateway: 1–247 on a serial bus; 0–255 over Modbus TCP.</param>
/// <param name="Profile">Register map of the meter model.</param>
/// <param name="Points">Names of the profile points to read; every point when null.</param>
public sealed record MeterConfig(string MeterId, byte Unit, DeviceProfile Profile, IReadOnlyList<string>? Points = null)
{
    /// <summary>Reply timeout for this meter's requests; the gateway's (or collector's) when null.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Largest hole (registers) one read spans to merge two points; the collector's when null. 0 for meters that refuse reads across undefined registers.</summary>
    public int? MaxReadGap { get; init; }

    /// <summary>Most registers one read asks for (1–125); some meters accept fewer than the protocol's 125.</summary>
    public int MaxRegistersPerRead { get; init; } = ModbusPdu.MaxRegistersPerRead;

    /// <summary>CT/PT ratios as installed; applied to the points the profile reads on the secondary side.</summary>
    public TransformerRatios Ratios { get; init; } = TransformerRatios.None;

    public IEnumerable<RegisterPoint> SelectedPoints() =>
        Points is null ? Profile.Points : Points.Select(Profile.Point);
}

/// <summary>A Modbus gateway (or a meter with its own Ethernet port) and the meters it reaches.</summary>
/// <param name="Name">Unique name, used in every log line, error and metric.</param>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port (502 is the Modbus TCP default).</param>
/// <param name="Meters">The meters behind it.</param>
public sealed record GatewayConfig(string Name, string Host, int Port, IReadOnlyList<MeterConfig> Meters)
{
    /// <summary>Framing on the socket: Modbus TCP (default) or RTU over TCP.</summary>
    public ModbusFraming Framing { get; init; } = ModbusFraming.Tcp;

    /// <summary>
    /// True when the meters sit on one serial bus behind the gateway (an RS-485-to-Ethernet converter speaking
    /// Modbus TCP). Implied by <see cref="ModbusFraming.RtuOverTcp"/>. A serial bus gets one request in flight
    /// at a time over one connection.
    /// </summary>
    public bool SerialBus { get; init; }

    /// <summary>
    /// For a gateway that is not a serial bus: how many connections (each with one request in flight) its
    /// meters are spread over. Default 1, because many devices accept only a few connections.
    /// </summary>
    public int MaxConnections { get; init; } = 1;

    /// <summary>Client timing for this gateway; the collector's <see cref="CollectorOptions.Modbus"/> when null.</summary>
    public ModbusClientOptions? Modbus { get; init; }

    /// <summary>True when requests must be serialised: a serial bus, or RTU framing.</summary>
    public bool IsSerialBus => SerialBus || Framing == ModbusFraming.RtuOverTcp;
}

/// <summary>Collector timing.</summary>
public sealed record CollectorOptions
{
    /// <summary>Poll interval of fast points (power).</summary>
    public TimeSpan FastInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Poll interval of slow points (energy counters).</summary>
    public TimeSpan SlowInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest hole (registers) a read spans to merge two points.</summary>
    public int MaxReadGap { get; init; } = 10;

    /// <summary>Client timing of every gateway that does not set its own.</summary>
    public ModbusClientOptions Modbus { get; init; } = new();

    /// <summary>
    /// When a meter stops answering (timeout, malformed reply, gateway exception 0x0A/0x0B) it is faulted and
    /// retried after these delays, so that it costs its bus one timeout per retry rather than one per cycle.
    /// </summary>
    public BackoffPolicy MeterBackoff { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>
    /// Failed polls in a row after which a meter is faulted and backed off (1 = at the first). Below it, a
    /// failed meter is retried in the next cycle: one lost reply does not make a dead meter.
    /// </summary>
    public int FaultAfter { get; init; } = 2;

    /// <summary>
    /// Readings held per connection while the sink refuses them (they are retried every cycle); beyond this
    /// the oldest are dropped with an error log and the <c>energysom.collector.readings.dropped</c> metric.
    /// </summary>
    public int MaxPendingReadings { get; init; } = 100_000;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (FastInterval <= TimeSpan.Zero || SlowInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FastInterval), "poll intervals must be positive");
        }

        if (MaxReadGap < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReadGap), MaxReadGap, "must not be negative");
        }

        if (FaultAfter < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FaultAfter), FaultAfter, "must be at least 1");
        }

        if (MaxPendingReadings < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingReadings), MaxPendingReadings, "must not be negative");
        }

        Modbus.Validate();
        MeterBackoff.Validate();
    }
}
