using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// Values for any electricity-meter profile from a time-driven load: power from a function of time, the
/// energy counters integrated from it (so they only grow), and plausible electrical quantities around it.
/// </summary>
public sealed class LoadModelValues : IPointValueSource
{
    private const double PowerFactor = 0.92;
    private const double NominalVoltage = 230.0;
    // Midpoint steps of at most 15 minutes: exact enough for a smooth load, and a counter that starts
    // months before "now" integrates in a few milliseconds on the first read.
    private static readonly Duration MaxStep = Duration.FromMinutes(15);
    private readonly Func<Instant, double> _powerKw;
    private readonly Lock _gate = new();
    private Instant _counterTime;
    private double _counterKwh;

    /// <param name="powerKw">Active power (kW) at an instant.</param>
    /// <param name="counterStart">Instant at which the import counter reads <paramref name="counterStartKwh"/>.</param>
    /// <param name="counterStartKwh">Import register value at <paramref name="counterStart"/>.</param>
    public LoadModelValues(Func<Instant, double> powerKw, Instant counterStart, double counterStartKwh)
    {
        _powerKw = powerKw;
        _counterTime = counterStart;
        _counterKwh = counterStartKwh;
    }

    /// <summary>The import energy register (kWh) at <paramref name="now"/>, integrating power since the last call.</summary>
    public double ImportKwh(Instant now)
    {
        lock (_gate)
        {
            while (_counterTime < now)
            {
                var step = now - _counterTime;
                if (step > MaxStep)
                {
                    step = MaxStep;
                }

                var mid = _counterTime.Plus(step / 2);
                _counterKwh += _powerKw(mid) * step.TotalHours;
                _counterTime = _counterTime.Plus(step);
            }

            return _counterKwh;
        }
    }

    public double? ValueOf(RegisterPoint point, Instant now)
    {
        var phases = point.Name.EndsWith("_l1", StringComparison.Ordinal) || point.Name.EndsWith("_l2", StringComparison.Ordinal)
            || point.Name.EndsWith("_l3", StringComparison.Ordinal) ? 3.0 : 1.0;
        var power = _powerKw(now);
        var apparent = power / PowerFactor;
        return point.Quantity.Code switch
        {
            "active_power" or "active_power_demand" => power / phases,
            "apparent_power" => apparent / phases,
            "reactive_power" => Math.Sqrt((apparent * apparent) - (power * power)) / phases,
            "voltage" => point.Name.Contains("_l1_l2", StringComparison.Ordinal) || point.Name.Contains("ll", StringComparison.Ordinal)
                ? NominalVoltage * Math.Sqrt(3)
                : NominalVoltage,
            "current" => apparent * 1000 / (3 * NominalVoltage) * (point.Name.EndsWith("_sum", StringComparison.Ordinal) ? 3 : 1),
            "power_factor" => PowerFactor,
            "frequency" => 50.0,
            "active_energy_import_total" => ImportKwh(now),
            "reactive_energy_import_total" => ImportKwh(now) * Math.Tan(Math.Acos(PowerFactor)),
            "active_energy_export_total" or "reactive_energy_export_total" => 0.0,
            _ => null,
        };
    }
}
