using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Collection;

/// <summary>
/// Polls the meters of several gateways and hands the readings to a sink. Each gateway runs its own loop, so
/// gateways are polled concurrently while each gateway (a serial bus behind it) has one request in flight.
/// A meter that fails is logged with gateway, unit and register and retried at its next poll; the other
/// meters on the gateway keep their schedule.
/// </summary>
public sealed partial class Collector
{
    private readonly IReadOnlyList<GatewayConfig> _gateways;
    private readonly IReadingSink _sink;
    private readonly IClock _clock;
    private readonly CollectorOptions _options;
    private readonly ILogger _logger;
    private long _pollsOk;
    private long _pollsFailed;
    private long _readings;

    public Collector(IReadOnlyList<GatewayConfig> gateways, IReadingSink sink, IClock clock, CollectorOptions options, ILogger logger)
    {
        _gateways = gateways;
        _sink = sink;
        _clock = clock;
        _options = options;
        _logger = logger;
    }

    /// <summary>Reads that succeeded.</summary>
    public long PollsOk => Interlocked.Read(ref _pollsOk);

    /// <summary>Reads that failed.</summary>
    public long PollsFailed => Interlocked.Read(ref _pollsFailed);

    /// <summary>Readings handed to the sink.</summary>
    public long ReadingsStored => Interlocked.Read(ref _readings);

    /// <summary>Polls until <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(_gateways.Select(g => Task.Run(() => RunGatewayAsync(g, ct), CancellationToken.None)));

    private async Task RunGatewayAsync(GatewayConfig gateway, CancellationToken ct)
    {
        await using var client = new ModbusTcpClient(gateway.Name, gateway.Host, gateway.Port, _options.Modbus);
        var meters = gateway.Meters
            .Select(m => new MeterSchedule(m, ReadPlanner.Plan(m.SelectedPoints(), _options.MaxReadGap)))
            .ToList();
        var buffer = new byte[ModbusTcpFrame.MaxBitsPerRead];
        var nextFast = _clock.GetCurrentInstant();
        var nextSlow = nextFast;
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.GetCurrentInstant();
            var slowDue = now >= nextSlow;
            var batch = new List<Reading>();
            foreach (var meter in meters)
            {
                foreach (var read in meter.Reads)
                {
                    if (read.Poll == PollClass.Slow && !slowDue)
                    {
                        continue;
                    }

                    try
                    {
                        await client.ReadAsync(meter.Config.Unit, read.Kind, read.Start, read.Count, buffer, ct);
                        Interlocked.Increment(ref _pollsOk);
                        Decode(meter.Config, read, buffer, _clock.GetCurrentInstant(), batch);
                    }
                    catch (ModbusException ex)
                    {
                        Interlocked.Increment(ref _pollsFailed);
                        LogReadFailed(ex.Target.Gateway, ex.Target.Unit, meter.Config.MeterId, ex.Target.Start, ex.Message);
                        break; // this meter is faulted for this cycle; the next meter keeps its turn
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            if (batch.Count > 0)
            {
                await _sink.WriteAsync(batch, CancellationToken.None);
                Interlocked.Add(ref _readings, batch.Count);
            }

            if (slowDue)
            {
                nextSlow = nextSlow.Plus(Duration.FromTimeSpan(_options.SlowInterval));
            }

            nextFast = nextFast.Plus(Duration.FromTimeSpan(_options.FastInterval));
            var wait = nextFast - _clock.GetCurrentInstant();
            if (wait > Duration.Zero)
            {
                try
                {
                    await Task.Delay(wait.ToTimeSpan(), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else
            {
                nextFast = _clock.GetCurrentInstant(); // overrun: skip missed slots rather than burst
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway} unit {Unit} (meter {Meter}) register {Register}: {Error}")]
    private partial void LogReadFailed(string gateway, byte unit, string meter, ushort register, string error);

    private sealed record MeterSchedule(MeterConfig Config, IReadOnlyList<PlannedRead> Reads);
}
