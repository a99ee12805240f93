namespace EnergySom.Reporting.Carbon;

/// <summary>
/// The emission factors EnergySom knows, with sources (reference/standards.md §3). Selection picks the newest
/// factor whose data year is not after the reporting year, and the report names the factor it used.
/// </summary>
public static class EmissionFactorCatalog
{
    /// <summary>Natural gas: net calorific value, GJ per 10⁴ Nm³ (GB/T 32151 Table C.1 default).</summary>
    public const double NaturalGasNcvGjPer10kNm3 = 389.31;

    /// <summary>Natural gas: carbon content per unit heat, tC/TJ (same table).</summary>
    public const double NaturalGasCarbonContentTcPerTj = 15.3;

    /// <summary>Natural gas: oxidation rate (same table).</summary>
    public const double NaturalGasOxidation = 0.99;

    /// <summary>Mass ratio CO₂/C.</summary>
    public const double Co2PerCarbon = 44.0 / 12.0;

    /// <summary>
    /// kg CO₂ per Nm³ of natural gas = NCV × CC × OF × 44/12 (GB/T 32150 fuel combustion formula):
    /// 389.31 GJ/10⁴Nm³ × 15.3 tC/TJ × 0.99 × 44/12 = 2.1622 kg/Nm³.
    /// </summary>
    public static double NaturalGasKgCo2PerNm3 =>
        NaturalGasNcvGjPer10kNm3 / 10_000 * (NaturalGasCarbonContentTcPerTj / 1000) * NaturalGasOxidation * Co2PerCarbon * 1000;

    public static IReadOnlyList<EmissionFactor> GridFactors { get; } =
    [
        new("cn-grid-national-2021", "China national average grid emission factor (location-based), data year 2021", 0.5568, "kWh", 2, 2021,
            "MEE and NBS, 2021 electricity CO2 emission factors", "MEE/NBS 公告2024年第12号, 2024-04-12", "S"),
        new("cn-grid-national-2022", "China national average grid emission factor (location-based), data year 2022", 0.5366, "kWh", 2, 2022,
            "MEE and NBS, 2022 electricity CO2 emission factors", "MEE/NBS notice of 2024-12-20 (released 2024-12-26)", "S"),
        new("cn-grid-national-2023", "China national average grid emission factor (location-based), data year 2023", 0.5306, "kWh", 2, 2023,
            "MEE and NBS, 2023 electricity CO2 emission factors", "MEE/NBS 公告2025年第47号 (reported January 2026)", "S"),
    ];

    public static EmissionFactor NaturalGas { get; } = new(
        "cn-natural-gas-gbt32151-default",
        "Natural gas combustion, default NCV 389.31 GJ/10^4 Nm3, carbon content 15.3 tC/TJ, oxidation 99 %",
        NaturalGasKgCo2PerNm3,
        "Nm3",
        1,
        null,
        "GB/T 32151 Table C.1 / GB/T 32150 appendix defaults",
        "defaults as used by public GHG tools; verify against the current edition",
        "S");

    /// <summary>The newest national grid factor whose data year is not after <paramref name="reportingYear"/>.</summary>
    public static EmissionFactor GridFactorFor(int reportingYear) =>
        GridFactors.Where(f => f.DataYear <= reportingYear).MaxBy(f => f.DataYear)
        ?? throw new InvalidOperationException($"no grid factor for reporting year {reportingYear} (earliest is {GridFactors.Min(f => f.DataYear)})");
}
