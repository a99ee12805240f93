using System.Diagnostics.Metrics;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Collection;

/// <summary>
/// Instruments of the collector, on the <see cref="ModbusMetrics.MeterName"/> meter. Every measurement
/// carries the tag <c>gateway</c>; polls also carry <c>outcome</c> (<c>ok</c>, <c>failed</c>).
/// </summary>
public static class CollectorMetrics
{
    private static readonly Meter Meter = new(ModbusMetrics.MeterName);

    /// <summary>Planned reads attempted, by gateway and outcome.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("energysom.collector.polls", "{poll}", "Planned reads attempted, by gateway and outcome");

    /// <summary>Time one planned read took, request to decoded values, in seconds.</summary>
    public static readonly Histogram<double> PollDuration = Meter.CreateHistogram<double>("energysom.collector.poll.duration", "s", "Planned read latency");

    /// <summary>Readings handed to the sink.</summary>
    public static readonly Counter<long> Readings = Meter.CreateCounter<long>("energysom.collector.readings", "{reading}", "Readings handed to the sink");

    /// <summary>Readings dropped because the sink refused them for longer than the pending bound allows.</summary>
    public static readonly Counter<long> ReadingsDropped = Meter.CreateCounter<long>("energysom.collector.readings.dropped", "{reading}", "Readings dropped while the sink refused them");

    /// <summary>Meters currently faulted (not answering, retried on their backoff schedule).</summary>
    public static readonly UpDownCounter<int> MetersFaulted = Meter.CreateUpDownCounter<int>("energysom.collector.meters.faulted", "{meter}", "Meters that stopped answering");

    /// <summary>Poll cycles that ran past their slot, so that the next slot(s) were skipped.</summary>
    public static readonly Counter<long> CycleOverruns = Meter.CreateCounter<long>("energysom.collector.cycles.overrun", "{cycle}", "Poll cycles longer than the fast interval");
}
