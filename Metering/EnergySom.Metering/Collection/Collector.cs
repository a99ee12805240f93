using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Collection;

/// <summary>
/// Polls the meters of several gateways and hands the readings to a sink.
/// </summary>
/// <remarks>
/// <para>Scheduling. Gateways are polled concurrently. A gateway that is a serial bus
/// (<see cref="GatewayConfig.IsSerialBus"/>) gets one connection and one request in flight at a time; any other
/// gateway spreads its meters over up to <see cref="GatewayConfig.MaxConnections"/> connections, polled
/// concurrently. Each connection polls its meters in slots of <see cref="CollectorOptions.FastInterval"/>
/// (fast points every slot, slow points when <see cref="CollectorOptions.SlowInterval"/> has passed); a slot
/// that overruns skips the missed slots rather than bursting.</para>
/// <para>Faults. A meter that does not answer (timeout, malformed reply, gateway exception 0x0A/0x0B) costs its
/// cycle at most one request timeout: its remaining reads are skipped. After
/// <see cref="CollectorOptions.FaultAfter"/> such polls in a row it is marked <see cref="MeterHealth.Faulted"/>
/// and retried on its own schedule (<see cref="CollectorOptions.MeterBackoff"/>), so the other meters on its
/// bus keep theirs.
/// An exception reply to one read (a wrong address) fails that read only. An unreachable gateway is retried
/// with the client's reconnect backoff. Every log line names gateway, unit and register.</para>
/// <para>Readings. Each read's values are stamped with the instant the reply arrived and handed to the sink
/// once per cycle and connection; a batch the sink refuses is kept and offered again with the next one (the
/// sink is idempotent on series and time, so nothing doubles). The sink must accept concurrent calls.</para>
/// <para>Metrics: <see cref="CollectorMetrics"/> and <see cref="ModbusMetrics"/>.</para>
/// </remarks>
public sealed class Collector
{
    private readonly IReadingSink _sink;
    private readonly IClock _clock;
    private readonly CollectorOptions _options;
    private readonly ILogger _logger;
    private readonly List<(GatewayConfig Gateway, ModbusClientOptions Client, MeterSchedule[] Meters)> _connections = [];
    private readonly List<MeterSchedule> _meters = [];
    private int _running;
    private long _pollsOk;
    private long _pollsFailed;
    private long _readings;

    /// <exception cref="ArgumentException">
    /// The configuration cannot be polled: duplicate gateway names, meter ids or unit ids on a gateway, a unit id
    /// outside the serial range on a serial bus, a bad port, or a point that does not fit a read. The message
    /// names the gateway and meter.
    /// </exception>
    public Collector(IReadOnlyList<GatewayConfig> gateways, IReadingSink sink, IClock clock, CollectorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        _sink = sink;
        _clock = clock;
        _options = options;
        _logger = logger;
        options.Validate();
        Gateways = gateways;

        var gatewayNames = new HashSet<string>(StringComparer.Ordinal);
        var meterIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gateway in gateways)
        {
            var clientOptions = Check(gateway, gatewayNames);
            var units = new HashSet<byte>();
            var meters = new List<MeterSchedule>();
            foreach (var meter in gateway.Meters)
            {
                meters.Add(Schedule(gateway, meter, clientOptions, units, meterIds));
            }

            _meters.AddRange(meters);

            var connections = gateway.IsSerialBus ? 1 : Math.Clamp(meters.Count, 1, gateway.MaxConnections);
            for (var c = 0; c < connections; c++)
            {
                // Round-robin keeps a meter on one connection, so its reads stay in order.
                _connections.Add((gateway, clientOptions, meters.Where((_, i) => i % connections == c).ToArray()));
            }
        }
    }

    /// <summary>The gateways as configured.</summary>
    public IReadOnlyList<GatewayConfig> Gateways { get; }

    /// <summary>Reads that succeeded.</summary>
    public long PollsOk => Interlocked.Read(ref _pollsOk);

    /// <summary>Reads that failed.</summary>
    public long PollsFailed => Interlocked.Read(ref _pollsFailed);

    /// <summary>Readings handed to the sink.</summary>
    public long ReadingsStored => Interlocked.Read(ref _readings);

    /// <summary>Number of connections the collector opens (one per serial bus; up to the configured maximum otherwise).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>A snapshot of every meter's polling state, in configuration order.</summary>
    public IReadOnlyList<MeterStatus> MeterStatuses() => _meters.Select(m => m.Snapshot()).ToList();

    /// <summary>Polls until <paramref name="ct"/> is cancelled; returns once every reading taken is handed to the sink.</summary>
    /// <exception cref="InvalidOperationException">The collector is already running.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("the collector is already running");
        }

        try
        {
            await Task.WhenAll(_connections.Select(c =>
            {
                var connection = new GatewayConnection(c.Gateway, c.Meters, c.Client, this, _sink, _clock, _options, _logger);
                return Task.Run(() => connection.RunAsync(ct), CancellationToken.None);
            }));
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Turns the registers of one read into readings, one per point.</summary>
    public static void Decode(MeterConfig meter, PlannedRead read, ReadOnlySpan<byte> data, Instant time, List<Reading> output)
    {
        foreach (var point in read.Points)
        {
            var offset = point.Address - read.Start;
            double raw = read.Kind.IsBit()
                ? data[offset]
                : RegisterCodec.Decode(data.Slice(offset * 2, point.Length * 2), point.Type, point.Order);
            var value = point.ToCanonical(raw);
            var flags = double.IsFinite(value) ? QualityFlags.None : QualityFlags.Invalid;
            output.Add(new Reading(new SeriesKey(meter.MeterId, point.Name), time, value, flags));
        }
    }

    internal void CountPoll(bool ok)
    {
        if (ok)
        {
            Interlocked.Increment(ref _pollsOk);
        }
        else
        {
            Interlocked.Increment(ref _pollsFailed);
        }
    }

    internal void CountReadings(int count) => Interlocked.Add(ref _readings, count);

    private ModbusClientOptions Check(GatewayConfig gateway, HashSet<string> names)
    {
        if (string.IsNullOrWhiteSpace(gateway.Name))
        {
            throw new ArgumentException("a gateway has no name");
        }

        if (!names.Add(gateway.Name))
        {
            throw new ArgumentException($"gateway '{gateway.Name}' is configured twice");
        }

        if (string.IsNullOrWhiteSpace(gateway.Host) || gateway.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"gateway '{gateway.Name}': address '{gateway.Host}:{gateway.Port}' is not a host and a port 1..65535");
        }

        if (gateway.MaxConnections < 1)
        {
            throw new ArgumentException($"gateway '{gateway.Name}': max connections {gateway.MaxConnections} must be at least 1");
        }

        var options = gateway.Modbus ?? _options.Modbus;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"gateway '{gateway.Name}': {ex.Message}", ex);
        }

        return options;
    }

    private MeterSchedule Schedule(GatewayConfig gateway, MeterConfig meter, ModbusClientOptions clientOptions, HashSet<byte> units, HashSet<string> meterIds)
    {
        var where = $"gateway '{gateway.Name}' meter '{meter.MeterId}'";
        if (!meterIds.Add(meter.MeterId))
        {
            throw new ArgumentException($"{where}: meter id is used twice");
        }

        if (!units.Add(meter.Unit))
        {
            throw new ArgumentException($"{where}: unit {meter.Unit} is used by another meter on the gateway");
        }

        if (gateway.Framing == ModbusFraming.RtuOverTcp && meter.Unit is < ModbusRtuFrame.MinUnit or > ModbusRtuFrame.MaxUnit)
        {
            throw new ArgumentException($"{where}: unit {meter.Unit} is not a serial slave address ({ModbusRtuFrame.MinUnit}..{ModbusRtuFrame.MaxUnit})");
        }

        if (meter.RequestTimeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{where}: request timeout {t} must be positive");
        }

        IReadOnlyList<PlannedRead> reads;
        try
        {
            var points = meter.SelectedPoints().ToList();
            if (points.Count == 0)
            {
                throw new ArgumentException("no points to read");
            }

            reads = ReadPlanner.Plan(points, meter.MaxReadGap ?? _options.MaxReadGap, meter.MaxRegistersPerRead);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            throw new ArgumentException($"{where}: {ex.Message}", ex);
        }

        return new MeterSchedule(gateway.Name, meter, reads, meter.RequestTimeout ?? clientOptions.RequestTimeout, _options.MeterBackoff, _options.FaultAfter);
    }
}
