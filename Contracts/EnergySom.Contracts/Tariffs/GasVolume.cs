namespace EnergySom.Contracts.Tariffs;

/// <summary>Conversions between gas volume bases.</summary>
public static class GasVolume
{
    /// <summary>
    /// Converts a volume between bases at equal pressure by the ideal-gas law: V ∝ T (K).
    /// 1 m³ at 20 °C = 273.15/293.15 = 0.93178 Nm³ (reference/standards.md §2.3).
    /// </summary>
    public static double Convert(double volume, GasVolumeBasis from, GasVolumeBasis to) => volume * Factor(from, to);

    /// <summary>Multiply a volume on basis <paramref name="from"/> by this to get it on basis <paramref name="to"/>.</summary>
    public static double Factor(GasVolumeBasis from, GasVolumeBasis to) => Kelvin(to) / Kelvin(from);

    /// <summary>Unit code of a volume on a basis: <c>Nm3</c> (0 °C) or <c>m3@20C</c>.</summary>
    public static string UnitOf(GasVolumeBasis basis) => basis == GasVolumeBasis.Normal ? "Nm3" : "m3@20C";

    /// <summary>Code of a basis in contract and tariff files.</summary>
    public static string CodeOf(GasVolumeBasis basis) => basis == GasVolumeBasis.Normal ? "normal_0c" : "standard_20c";

    public static string Describe(GasVolumeBasis basis) => basis == GasVolumeBasis.Normal ? "Nm³ (0 °C, 101.325 kPa)" : "m³ at 20 °C, 101.325 kPa";

    private static double Kelvin(GasVolumeBasis basis) => basis == GasVolumeBasis.Normal ? 273.15 : 293.15;
}
