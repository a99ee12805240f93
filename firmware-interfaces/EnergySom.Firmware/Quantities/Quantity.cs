namespace EnergySom.Firmware.Quantities;

/// <summary>
/// What a series measures: a stable code, its kind (instantaneous, counter, interval) and the canonical
/// unit its values are stored in. Profiles name a quantity per register; readings carry its code.
/// </summary>
public sealed record Quantity(string Code, QuantityKind Kind, Unit Unit, string Description)
{
    private static readonly Dictionary<string, Quantity> ByCode = new(StringComparer.Ordinal);

    // Counters: cumulative registers as meters keep them.
    public static readonly Quantity ActiveEnergyImportTotal = Add("active_energy_import_total", QuantityKind.Counter, Unit.KilowattHour, "import (delivered) active energy register");
    public static readonly Quantity ActiveEnergyExportTotal = Add("active_energy_export_total", QuantityKind.Counter, Unit.KilowattHour, "export (received) active energy register");
    public static readonly Quantity ActiveEnergyImportCriticalPeakTotal = Add("active_energy_import_critical_peak_total", QuantityKind.Counter, Unit.KilowattHour, "import active energy register, critical-peak (尖) tariff band");
    public static readonly Quantity ActiveEnergyImportPeakTotal = Add("active_energy_import_peak_total", QuantityKind.Counter, Unit.KilowattHour, "import active energy register, peak (峰) tariff band");
    public static readonly Quantity ActiveEnergyImportFlatTotal = Add("active_energy_import_flat_total", QuantityKind.Counter, Unit.KilowattHour, "import active energy register, flat (平) tariff band");
    public static readonly Quantity ActiveEnergyImportValleyTotal = Add("active_energy_import_valley_total", QuantityKind.Counter, Unit.KilowattHour, "import active energy register, valley (谷) tariff band");
    public static readonly Quantity ReactiveEnergyImportTotal = Add("reactive_energy_import_total", QuantityKind.Counter, Unit.KilovarHour, "import reactive energy register");
    public static readonly Quantity ReactiveEnergyExportTotal = Add("reactive_energy_export_total", QuantityKind.Counter, Unit.KilovarHour, "export reactive energy register");
    public static readonly Quantity GasVolumeStdTotal = Add("gas_volume_std_total", QuantityKind.Counter, Unit.NormalCubicMetre, "standard-condition gas volume totalizer");
    public static readonly Quantity GasVolumeTotal = Add("gas_volume_total", QuantityKind.Counter, Unit.CubicMetre, "gas volume totalizer at line (measurement) conditions, before correction");

    // Instantaneous values.
    public static readonly Quantity ActivePower = Add("active_power", QuantityKind.Instantaneous, Unit.Kilowatt, "active power");
    public static readonly Quantity ReactivePower = Add("reactive_power", QuantityKind.Instantaneous, Unit.Kilovar, "reactive power");
    public static readonly Quantity ApparentPower = Add("apparent_power", QuantityKind.Instantaneous, Unit.KilovoltAmpere, "apparent power");
    public static readonly Quantity ActivePowerDemand = Add("active_power_demand", QuantityKind.Instantaneous, Unit.Kilowatt, "demand: average active power over the meter's demand window");
    public static readonly Quantity Voltage = Add("voltage", QuantityKind.Instantaneous, Unit.Volt, "voltage");
    public static readonly Quantity Current = Add("current", QuantityKind.Instantaneous, Unit.Ampere, "current");
    public static readonly Quantity PowerFactor = Add("power_factor", QuantityKind.Instantaneous, Unit.One, "power factor");
    public static readonly Quantity Frequency = Add("frequency", QuantityKind.Instantaneous, Unit.Hertz, "frequency");
    public static readonly Quantity GasFlowStd = Add("gas_flow_std", QuantityKind.Instantaneous, Unit.NormalCubicMetrePerHour, "standard-condition gas flow");
    public static readonly Quantity GasFlow = Add("gas_flow", QuantityKind.Instantaneous, Unit.CubicMetrePerHour, "gas flow at line conditions");
    public static readonly Quantity Temperature = Add("temperature", QuantityKind.Instantaneous, Unit.DegreeCelsius, "temperature");
    public static readonly Quantity Pressure = Add("pressure", QuantityKind.Instantaneous, Unit.Kilopascal, "pressure (absolute for a volume corrector's line pressure; the profile says which)");
    public static readonly Quantity Ratio = Add("ratio", QuantityKind.Instantaneous, Unit.One, "configuration ratio (CT, PT)");
    public static readonly Quantity Status = Add("status", QuantityKind.Instantaneous, Unit.One, "status word or bit");
    public static readonly Quantity SerialNumber = Add("serial_number", QuantityKind.Instantaneous, Unit.One, "the meter's serial number: a change means the meter was replaced");

    // Intervals: amounts over the period starting at the timestamp. Their codes end in "_interval" so an
    // interval series never shares a name with a meter's counter point (profiles call that "active_energy_import").
    public static readonly Quantity ActiveEnergyImport = Add("active_energy_import_interval", QuantityKind.Interval, Unit.KilowattHour, "import active energy in the interval");
    public static readonly Quantity GasVolumeStd = Add("gas_volume_std_interval", QuantityKind.Interval, Unit.NormalCubicMetre, "standard-condition gas volume in the interval");
    public static readonly Quantity Production = Add("production", QuantityKind.Interval, Unit.Count, "production output in the interval");

    /// <summary>Every known quantity.</summary>
    public static IReadOnlyCollection<Quantity> All => ByCode.Values;

    public static bool TryParse(string code, out Quantity quantity) => ByCode.TryGetValue(code, out quantity!);

    private static Quantity Add(string code, QuantityKind kind, Unit unit, string description)
    {
        var quantity = new Quantity(code, kind, unit, description);
        ByCode.Add(code, quantity);
        return quantity;
    }

    public override string ToString() => Code;
}
