using EnergySom.Reporting.Carbon;

namespace EnergySom.Reporting.Documents;

/// <summary>One line of the carbon report, with the factor it used and where the factor comes from.</summary>
public sealed record CarbonRow(
    string Basis,
    int Scope,
    string Source,
    double Activity,
    string ActivityUnit,
    string FactorId,
    double FactorKgCo2PerUnit,
    string FactorSource,
    string FactorPublished,
    double TonnesCo2);

/// <summary>Energy in tonnes of coal equivalent (GB/T 2589), for green-manufacturing indicators.</summary>
public sealed record EnergyTceRow(string Basis, double ElectricityKwh, double GasNm3, double Tce);

/// <summary>Carbon report for regulators: Scope 1 and Scope 2 of the reporting period, and tCO₂ avoided.</summary>
public sealed record CarbonReport(
    string SchemaVersion,
    string Site,
    string PeriodFrom,
    string PeriodTo,
    string Scope2Method,
    IReadOnlyList<CarbonRow> Rows,
    double BaselineTonnesCo2,
    double ActualTonnesCo2,
    double AvoidedTonnesCo2,
    IReadOnlyList<EnergyTceRow> Energy)
{
    public const string CurrentSchemaVersion = "energysom.carbon-report/1";

    public static CarbonReport Create(string site, string from, string to, CarbonAccount account, double electricityBaselineKwh, double electricityActualKwh, double gasBaselineNm3, double gasActualNm3)
    {
        static IEnumerable<CarbonRow> Rows(string basis, IEnumerable<CarbonLine> lines) => lines.Select(l => new CarbonRow(
            basis, l.Scope, l.Source, l.Activity, l.ActivityUnit, l.Factor.Id, l.Factor.KgCo2PerUnit, l.Factor.Source, l.Factor.Published, l.TonnesCo2));

        static EnergyTceRow Tce(string basis, double kwh, double nm3) =>
            new(basis, kwh, nm3, EnergyConversion.ElectricityTce(kwh) + EnergyConversion.NaturalGasTce(nm3));

        return new CarbonReport(
            CurrentSchemaVersion,
            site,
            from,
            to,
            "location-based (national average grid factor)",
            Rows("adjusted_baseline", account.Baseline).Concat(Rows("actual", account.Actual)).Concat(Rows("avoided", account.Avoided)).ToList(),
            account.BaselineTonnes,
            account.ActualTonnes,
            account.AvoidedTonnes,
            [
                Tce("adjusted_baseline", electricityBaselineKwh, gasBaselineNm3),
                Tce("actual", electricityActualKwh, gasActualNm3),
                Tce("avoided", electricityBaselineKwh - electricityActualKwh, gasBaselineNm3 - gasActualNm3),
            ]);
    }
}
