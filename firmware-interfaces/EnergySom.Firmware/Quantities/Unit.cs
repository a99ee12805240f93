namespace EnergySom.Firmware.Quantities;

/// <summary>
/// A unit as written in a profile, with the factor that converts it to the canonical unit of its dimension
/// (kWh for active energy, kW for power, Nm³ for standard gas volume, kPa for pressure …).
/// </summary>
public sealed record Unit(string Symbol, string Dimension, double ToCanonical, double CanonicalOffset = 0)
{
    private static readonly Dictionary<string, Unit> BySymbol = new(StringComparer.Ordinal);

    public static readonly Unit KilowattHour = Add("kWh", "active_energy", 1);
    public static readonly Unit WattHour = Add("Wh", "active_energy", 0.001);
    public static readonly Unit MegawattHour = Add("MWh", "active_energy", 1000);
    public static readonly Unit KilovarHour = Add("kvarh", "reactive_energy", 1);
    public static readonly Unit VarHour = Add("varh", "reactive_energy", 0.001);
    public static readonly Unit Kilowatt = Add("kW", "active_power", 1);
    public static readonly Unit Watt = Add("W", "active_power", 0.001);
    public static readonly Unit Kilovar = Add("kvar", "reactive_power", 1);
    public static readonly Unit Var = Add("var", "reactive_power", 0.001);
    public static readonly Unit KilovoltAmpere = Add("kVA", "apparent_power", 1);
    public static readonly Unit VoltAmpere = Add("VA", "apparent_power", 0.001);
    public static readonly Unit Volt = Add("V", "voltage", 1);
    public static readonly Unit Ampere = Add("A", "current", 1);
    public static readonly Unit Hertz = Add("Hz", "frequency", 1);
    public static readonly Unit One = Add("1", "ratio", 1);
    public static readonly Unit NormalCubicMetre = Add("Nm3", "gas_volume_std", 1);
    public static readonly Unit NormalLitre = Add("NL", "gas_volume_std", 0.001);
    public static readonly Unit NormalCubicMetrePerHour = Add("Nm3/h", "gas_flow_std", 1);

    /// <summary>
    /// Standard cubic metre at 101.325 kPa and 20 °C, the reference of Chinese gas trade (GB 17820), as many
    /// volume correctors in China are set up; converted to Nm³ (101.325 kPa, 0 °C) by 273.15 / 293.15 ≈ 0.9318.
    /// </summary>
    /// <remarks>
    /// Ideal-gas ratio of the two reference temperatures at the same pressure (reference/standards.md §2: 1 m³ at
    /// 20 °C = 0.9318 Nm³ at 0 °C). The change of the compressibility factor between 0 and 20 °C at atmospheric
    /// pressure is a few parts in 10⁴ for natural gas and is ignored.
    /// </remarks>
    public static readonly Unit StandardCubicMetre20C = Add("Sm3", "gas_volume_std", 273.15 / 293.15);

    /// <summary>Flow in standard cubic metres (101.325 kPa, 20 °C) per hour; see <see cref="StandardCubicMetre20C"/>.</summary>
    public static readonly Unit StandardCubicMetre20CPerHour = Add("Sm3/h", "gas_flow_std", 273.15 / 293.15);
    public static readonly Unit CubicMetre = Add("m3", "gas_volume", 1);
    public static readonly Unit CubicMetrePerHour = Add("m3/h", "gas_flow", 1);
    public static readonly Unit Litre = Add("L", "gas_volume", 0.001);
    public static readonly Unit DegreeCelsius = Add("degC", "temperature", 1);
    public static readonly Unit DegreeFahrenheit = Add("degF", "temperature", 5.0 / 9.0, -32.0 * 5.0 / 9.0);
    public static readonly Unit Kilopascal = Add("kPa", "pressure", 1);
    public static readonly Unit Bar = Add("bar", "pressure", 100);
    public static readonly Unit Megapascal = Add("MPa", "pressure", 1000);
    public static readonly Unit Count = Add("count", "count", 1);

    /// <summary>Every unit a profile may name.</summary>
    public static IReadOnlyCollection<Unit> All => BySymbol.Values;

    /// <summary>Converts a value in this unit to the canonical unit of its dimension.</summary>
    public double Canonicalize(double value) => (value * ToCanonical) + CanonicalOffset;

    public static bool TryParse(string symbol, out Unit unit)
    {
        // Accept the common typographic spellings too.
        var normalized = symbol.Replace("³", "3", StringComparison.Ordinal).Replace("°C", "degC", StringComparison.Ordinal)
            .Replace("°F", "degF", StringComparison.Ordinal);
        return BySymbol.TryGetValue(normalized, out unit!);
    }

    private static Unit Add(string symbol, string dimension, double factor, double offset = 0)
    {
        var unit = new Unit(symbol, dimension, factor, offset);
        BySymbol.Add(symbol, unit);
        return unit;
    }

    public override string ToString() => Symbol;
}
