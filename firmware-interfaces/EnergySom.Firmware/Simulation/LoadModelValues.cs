using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// Values for any meter profile from a time-driven load: power and gas flow from functions of time, the
/// counters integrated from them (so they only grow, and the time-of-use band registers always sum to the total),
/// and plausible electrical and gas quantities around them.
/// </summary>
/// <remarks>
/// Integration uses the midpoint rule in steps that end on whole minutes (so no step straddles a tariff band
/// boundary) and never exceed one minute; while catching up more than a day (counters that start long before the
/// first read) the steps are whole quarter hours. Line-condition gas flow follows the ideal-gas law from the standard
/// flow: Q_line = Q_n × (101.325 kPa / p) × ((t + 273.15) / 273.15); the change of the compressibility factor
/// between line and standard conditions is ignored (below 1 % at the pressures of a factory supply).
/// </remarks>
public sealed class LoadModelValues : IPointValueSource
{
    private const double StandardPressureKpa = 101.325;
    private const double ZeroCelsiusKelvin = 273.15;
    private const long MinuteTicks = 60 * 10_000_000L;
    private const long QuarterHourTicks = 15 * MinuteTicks;
    private static readonly Duration CatchUpSpan = Duration.FromDays(1);
    private readonly LoadModel _model;
    private readonly Lock _gate = new();
    private readonly double[] _bandKwh = new double[4];
    private Instant _counterTime;
    private double _importKwh;
    private double _gasStdNm3;
    private double _gasLineM3;
    private Instant _bandFrom = Instant.MaxValue;
    private Instant _bandUntil = Instant.MinValue;
    private MeterTariffBand _band;

    /// <param name="powerKw">Active power (kW) at an instant.</param>
    /// <param name="counterStart">Instant at which the import counter reads <paramref name="counterStartKwh"/>.</param>
    /// <param name="counterStartKwh">Import register value at <paramref name="counterStart"/>.</param>
    public LoadModelValues(Func<Instant, double> powerKw, Instant counterStart, double counterStartKwh)
        : this(new LoadModel { PowerKw = powerKw, CounterStart = counterStart, ImportStartKwh = counterStartKwh })
    {
    }

    public LoadModelValues(LoadModel model)
    {
        _model = model;
        _counterTime = model.CounterStart;
        _importKwh = model.ImportStartKwh;
        _gasStdNm3 = model.GasStartNm3;

        // A meter that has run for a while has its total spread over the bands roughly as the hours are.
        var assigned = 0.0;
        foreach (var band in new[] { MeterTariffBand.CriticalPeak, MeterTariffBand.Peak, MeterTariffBand.Flat })
        {
            _bandKwh[(int)band] = model.ImportStartKwh * model.Bands.ShareOfHours(band);
            assigned += _bandKwh[(int)band];
        }

        _bandKwh[(int)MeterTariffBand.Valley] = model.ImportStartKwh - assigned;

        // The line volume starts where the standard volume would be at typical line conditions.
        _gasLineM3 = model.GasStartNm3 * LineFactor(model.CounterStart);
    }

    /// <summary>The model this source follows.</summary>
    public LoadModel Model => _model;

    /// <summary>The import energy register (kWh) at <paramref name="now"/>, integrating power since the last call.</summary>
    public double ImportKwh(Instant now)
    {
        lock (_gate)
        {
            Advance(now);
            return _importKwh;
        }
    }

    /// <summary>The import energy register of one time-of-use band (kWh) at <paramref name="now"/>.</summary>
    public double ImportKwh(MeterTariffBand band, Instant now)
    {
        lock (_gate)
        {
            Advance(now);
            return _bandKwh[(int)band];
        }
    }

    /// <summary>The standard-volume totalizer (Nm³) at <paramref name="now"/>.</summary>
    public double GasStandardVolume(Instant now)
    {
        lock (_gate)
        {
            Advance(now);
            return _gasStdNm3;
        }
    }

    /// <summary>The line-condition (unconverted) volume totalizer (m³) at <paramref name="now"/>.</summary>
    public double GasLineVolume(Instant now)
    {
        lock (_gate)
        {
            Advance(now);
            return _gasLineM3;
        }
    }

    /// <summary>Gas flow at line conditions (m³/h) at an instant.</summary>
    public double GasLineFlow(Instant now) => StandardFlow(now) * LineFactor(now);

    public double? ValueOf(RegisterPoint point, Instant now)
    {
        var name = point.Name;
        var perPhase = EndsWithAny(name, "_l1", "_l2", "_l3");
        var phases = perPhase ? 3.0 : 1.0;
        var power = _model.PowerKw?.Invoke(now) ?? 0;
        var apparent = power / _model.PowerFactor;
        var phaseCurrent = apparent * 1000 / (3 * _model.NominalVoltage);
        return point.Quantity.Code switch
        {
            "active_power" or "active_power_demand" => power / phases,
            "apparent_power" => apparent / phases,
            "reactive_power" => Math.Sqrt((apparent * apparent) - (power * power)) / phases,
            "voltage" => IsLineToLine(name) ? _model.NominalVoltage * Math.Sqrt(3) : _model.NominalVoltage,
            "current" when name.EndsWith("_n", StringComparison.Ordinal) => 0.05 * phaseCurrent,
            "current" when name.EndsWith("_sum", StringComparison.Ordinal) => 3 * phaseCurrent,
            "current" => phaseCurrent,
            "power_factor" => _model.PowerFactor,
            "frequency" => 50.0,
            "active_energy_import_total" => ImportKwh(now),
            "active_energy_import_critical_peak_total" => ImportKwh(MeterTariffBand.CriticalPeak, now),
            "active_energy_import_peak_total" => ImportKwh(MeterTariffBand.Peak, now),
            "active_energy_import_flat_total" => ImportKwh(MeterTariffBand.Flat, now),
            "active_energy_import_valley_total" => ImportKwh(MeterTariffBand.Valley, now),
            "reactive_energy_import_total" => ImportKwh(now) * Math.Tan(Math.Acos(_model.PowerFactor)),
            "active_energy_export_total" or "reactive_energy_export_total" => 0.0,
            "gas_flow_std" => StandardFlow(now),
            "gas_flow" => GasLineFlow(now),
            "gas_volume_std_total" => GasStandardVolume(now),
            "gas_volume_total" => GasLineVolume(now),
            "temperature" => _model.GasTemperatureC(now),
            "pressure" => _model.GasPressureKpa(now),
            "ratio" => 1.0,
            "status" => 0.0,
            _ => null,
        };
    }

    private double StandardFlow(Instant now) => _model.GasFlowNm3PerHour?.Invoke(now) ?? 0;

    private double LineFactor(Instant now) =>
        StandardPressureKpa / _model.GasPressureKpa(now) * ((_model.GasTemperatureC(now) + ZeroCelsiusKelvin) / ZeroCelsiusKelvin);

    /// <summary>Integrates every counter from the last instant up to <paramref name="now"/> (caller holds the lock).</summary>
    private void Advance(Instant now)
    {
        while (_counterTime < now)
        {
            // End each step on the next whole minute, or quarter hour while catching up more than a day, so that no
            // step straddles a band boundary (bands change on whole local hours; zone offsets are multiples of 15
            // minutes). Catching up in quarter hours keeps a meter whose counters start months back from stalling
            // its first read, at no cost in band accuracy.
            var stepTicks = now - _counterTime > CatchUpSpan ? QuarterHourTicks : MinuteTicks;
            var ticks = _counterTime.ToUnixTimeTicks();
            var floor = ticks - (((ticks % stepTicks) + stepTicks) % stepTicks);
            var next = Instant.FromUnixTimeTicks(floor + stepTicks);
            var end = next < now ? next : now;
            var step = end - _counterTime;
            var mid = _counterTime.Plus(step / 2);
            var hours = step.TotalHours;
            if (_model.PowerKw is { } power)
            {
                var kwh = power(mid) * hours;
                _importKwh += kwh;
                _bandKwh[(int)BandAt(mid)] += kwh;
            }

            if (_model.GasFlowNm3PerHour is { } flow)
            {
                var nm3 = flow(mid) * hours;
                _gasStdNm3 += nm3;
                _gasLineM3 += nm3 * LineFactor(mid);
            }

            _counterTime = end;
        }
    }

    /// <summary>The band at an instant; cached for the local hour it falls in, as bands change only on whole hours.</summary>
    private MeterTariffBand BandAt(Instant instant)
    {
        if (instant < _bandFrom || instant >= _bandUntil)
        {
            var zone = _model.Bands.Zone;
            var local = instant.InZone(zone).LocalDateTime;
            var hourStart = local.Date.At(new LocalTime(local.Hour, 0));
            _bandFrom = zone.AtLeniently(hourStart).ToInstant();
            _bandUntil = zone.AtLeniently(hourStart.PlusHours(1)).ToInstant();
            if (_bandFrom > instant || _bandUntil <= instant)
            {
                // An hour cut by a zone transition: do not cache it.
                _bandFrom = _bandUntil = instant;
                return _model.Bands.BandAt(instant);
            }

            _band = _model.Bands.BandAt(instant);
        }

        return _band;
    }

    private static bool EndsWithAny(string name, params ReadOnlySpan<string> suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLineToLine(string name) =>
        name.Contains("_l1_l2", StringComparison.Ordinal) || name.Contains("_l2_l3", StringComparison.Ordinal)
        || name.Contains("_l3_l1", StringComparison.Ordinal) || name.Contains("_ll", StringComparison.Ordinal);
}
