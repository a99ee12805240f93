using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// Value sources for virtual meters of any profile, driven by the demo factory's deterministic load: an
/// electricity profile follows one of the factory's three sub-meters, a gas profile its boiler.
/// </summary>
public static class SimulatedMeters
{
    /// <summary>True when the profile measures gas (it has a gas volume or flow point).</summary>
    public static bool IsGasMeter(DeviceProfile profile) =>
        profile.Points.Any(p => p.Quantity.Unit.Dimension.StartsWith("gas_", StringComparison.Ordinal));

    /// <summary>
    /// The load model of the <paramref name="index"/>-th simulated meter (0-based) of a profile.
    /// </summary>
    /// <param name="profile">The profile served.</param>
    /// <param name="index">Which meter: electricity meters cycle through the factory's three sub-meters.</param>
    /// <param name="factory">The demo factory whose load drives the values.</param>
    /// <param name="counterStart">When the counters read <paramref name="counterStartValue"/>.</param>
    /// <param name="counterStartValue">Main counter at <paramref name="counterStart"/>, in kWh (electricity) or Nm³
    /// (gas); null for a plausible value that differs per meter.</param>
    public static LoadModelValues Values(DeviceProfile profile, int index, DemoFactory factory, Instant counterStart, double? counterStartValue = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (IsGasMeter(profile))
        {
            return new LoadModelValues(new LoadModel
            {
                GasFlowNm3PerHour = factory.GasFlowAt,
                GasTemperatureC = t => 12.0 + (0.4 * (DemoFactory.ClimateTemperature(t.InZone(factory.Zone).LocalDateTime) - 12.0)),
                CounterStart = counterStart,
                GasStartNm3 = counterStartValue ?? (48_210.5 + (9_000 * index)),
            });
        }

        var meter = index % 3;
        return new LoadModelValues(new LoadModel
        {
            PowerKw = t => factory.PowerAt(meter, t),
            CounterStart = counterStart,
            ImportStartKwh = counterStartValue ?? (123_456.7 + (25_000 * index)),
        });
    }

    /// <summary>The canonical unit of a profile's main counter (kWh or Nm³), for messages.</summary>
    public static Unit MainCounterUnit(DeviceProfile profile) =>
        IsGasMeter(profile) ? Unit.NormalCubicMetre : Unit.KilowattHour;
}
