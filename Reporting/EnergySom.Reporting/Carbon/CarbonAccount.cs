namespace EnergySom.Reporting.Carbon;

/// <summary>Emissions of one source in a period: activity × factor, in tonnes of CO₂.</summary>
public sealed record CarbonLine(int Scope, string Source, double Activity, string ActivityUnit, EmissionFactor Factor, double TonnesCo2)
{
    /// <summary>tCO₂ = activity × kgCO₂/unit ÷ 1000.</summary>
    public static CarbonLine Of(string source, double activity, EmissionFactor factor) =>
        new(factor.Scope, source, activity, factor.ActivityUnit, factor, activity * factor.KgCo2PerUnit / 1000);
}

/// <summary>
/// Carbon of a reporting period under the GHG Protocol scopes: Scope 1 from natural gas burnt on site,
/// Scope 2 (location-based) from grid electricity; for the adjusted baseline, the actual use and the avoided
/// amount, so the report shows tCO₂ avoided by the efficiency measure.
/// </summary>
public sealed record CarbonAccount(
    IReadOnlyList<CarbonLine> Baseline,
    IReadOnlyList<CarbonLine> Actual,
    IReadOnlyList<CarbonLine> Avoided)
{
    public double BaselineTonnes => Baseline.Sum(l => l.TonnesCo2);

    public double ActualTonnes => Actual.Sum(l => l.TonnesCo2);

    public double AvoidedTonnes => Avoided.Sum(l => l.TonnesCo2);

    /// <param name="electricityBaselineKwh">Adjusted-baseline electricity.</param>
    /// <param name="electricityActualKwh">Metered electricity.</param>
    /// <param name="gasBaselineNm3">Adjusted-baseline gas (Nm³, 0 °C).</param>
    /// <param name="gasActualNm3">Metered gas (Nm³, 0 °C).</param>
    /// <param name="grid">Scope 2 grid factor.</param>
    /// <param name="gas">Scope 1 natural-gas factor.</param>
    public static CarbonAccount Compute(
        double electricityBaselineKwh, double electricityActualKwh, double gasBaselineNm3, double gasActualNm3, EmissionFactor grid, EmissionFactor gas)
    {
        IReadOnlyList<CarbonLine> Lines(double kwh, double nm3) =>
        [
            CarbonLine.Of("natural gas combustion", nm3, gas),
            CarbonLine.Of("purchased grid electricity", kwh, grid),
        ];

        return new CarbonAccount(
            Lines(electricityBaselineKwh, gasBaselineNm3),
            Lines(electricityActualKwh, gasActualNm3),
            Lines(electricityBaselineKwh - electricityActualKwh, gasBaselineNm3 - gasActualNm3));
    }
}
