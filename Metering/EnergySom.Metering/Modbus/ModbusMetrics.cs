using System.Diagnostics.Metrics;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Instruments of the Modbus client, on the <c>EnergySom.Metering</c> meter. Every measurement carries the
/// tag <c>gateway</c>; requests also carry <c>outcome</c> (<c>ok</c>, <c>exception</c>, <c>timeout</c>,
/// <c>protocol</c>, <c>connection</c>, <c>cancelled</c>).
/// </summary>
public static class ModbusMetrics
{
    /// <summary>Name of the <see cref="Meter"/> that every EnergySom metering instrument belongs to.</summary>
    public const string MeterName = "EnergySom.Metering";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Requests sent, by gateway and outcome.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("energysom.modbus.requests", "{request}", "Modbus read requests, by gateway and outcome");

    /// <summary>Time from sending a request to its reply (or its failure), in seconds.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("energysom.modbus.request.duration", "s", "Modbus request round trip");

    /// <summary>Connection attempts, by gateway and outcome (<c>ok</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> Connects = Meter.CreateCounter<long>("energysom.modbus.connects", "{connect}", "TCP connection attempts to gateways");
}
