using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// What drives a simulated meter: the load as functions of time, and where its counters stand at a starting
/// instant. An electricity meter needs <see cref="PowerKw"/>; a gas meter <see cref="GasFlowNm3PerHour"/>.
/// </summary>
public sealed record LoadModel
{
    /// <summary>Active power (kW, primary side) at an instant.</summary>
    public Func<Instant, double>? PowerKw { get; init; }

    /// <summary>Displacement power factor of the load (lagging).</summary>
    public double PowerFactor { get; init; } = 0.92;

    /// <summary>Line-to-neutral voltage (V).</summary>
    public double NominalVoltage { get; init; } = 230.0;

    /// <summary>Gas flow at standard conditions (Nm³/h: 0 °C, 101.325 kPa) at an instant.</summary>
    public Func<Instant, double>? GasFlowNm3PerHour { get; init; }

    /// <summary>Gas temperature at the meter (°C).</summary>
    public Func<Instant, double> GasTemperatureC { get; init; } = _ => 15.0;

    /// <summary>Absolute gas pressure at the meter (kPa); 201.3 kPa is 0.1 MPa gauge.</summary>
    public Func<Instant, double> GasPressureKpa { get; init; } = _ => 201.3;

    /// <summary>The instant at which the counters read <see cref="ImportStartKwh"/> and <see cref="GasStartNm3"/>.</summary>
    public Instant CounterStart { get; init; }

    /// <summary>Import active energy register (kWh) at <see cref="CounterStart"/>.</summary>
    public double ImportStartKwh { get; init; }

    /// <summary>Standard-volume totalizer (Nm³) at <see cref="CounterStart"/>.</summary>
    public double GasStartNm3 { get; init; }

    /// <summary>The meter's time-of-use table for its band registers.</summary>
    public MeterTariffSchedule Bands { get; init; } = MeterTariffSchedule.GuangdongIndustrial2021();
}
