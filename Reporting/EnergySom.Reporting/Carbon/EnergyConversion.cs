namespace EnergySom.Reporting.Carbon;

/// <summary>Energy in tonnes of coal equivalent (GB/T 2589 conversion coefficients).</summary>
public static class EnergyConversion
{
    /// <summary>Electricity, equivalent value: 0.1229 kgce/kWh (GB/T 2589).</summary>
    public const double ElectricityKgcePerKwh = 0.1229;

    /// <summary>Natural gas: 1.2143 kgce/m³ (GB/T 2589 table, gas-field gas; the 2020 edition gives 1.1000–1.3300).</summary>
    public const double NaturalGasKgcePerM3 = 1.2143;

    public static double ElectricityTce(double kwh) => kwh * ElectricityKgcePerKwh / 1000;

    public static double NaturalGasTce(double cubicMetres) => cubicMetres * NaturalGasKgcePerM3 / 1000;
}
