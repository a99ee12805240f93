using System.Globalization;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Numerics;
using NodaTime;

namespace EnergySom.Reporting.Documents;

/// <summary>A coefficient as reported.</summary>
public sealed record TermRow(string Name, double Coefficient, double StandardError, double TStatistic);

/// <summary>Fit statistics as reported, with the convention and the Guideline 14 check.</summary>
public sealed record FitRow(
    int N,
    int P,
    double RSquared,
    double AdjustedRSquared,
    double CvRmsePercent,
    double NmbePercent,
    string Convention,
    bool MeetsGuideline14,
    string Guideline14Criteria);

/// <summary>One month of a carrier's savings.</summary>
public sealed record MonthRow(string Month, double AdjustedBaseline, double Actual, double Avoided);

/// <summary>One day of a carrier's reporting period (for charts and audit).</summary>
public sealed record DayRow(string Date, double AdjustedBaseline, double Actual);

/// <summary>The baseline model and the savings of one energy carrier.</summary>
public sealed record CarrierSavings(
    string Carrier,
    string Unit,
    string ModelForm,
    string AlgorithmVersion,
    double? HeatingBalancePointC,
    double? CoolingBalancePointC,
    IReadOnlyList<TermRow> Terms,
    FitRow Fit,
    double AdjustedBaselineTotal,
    double ActualTotal,
    double AvoidedTotal,
    double AvoidedPercent,
    int ReportingDaysUsed,
    IReadOnlyList<MonthRow> Months,
    IReadOnlyList<DayRow> Days);

/// <summary>The M&amp;V report for auditors: models, statistics and avoided energy per carrier.</summary>
public sealed record MvReport(
    string SchemaVersion,
    string Site,
    string TimeZone,
    string BaselineFrom,
    string BaselineTo,
    string ReportingFrom,
    string ReportingTo,
    string Method,
    IReadOnlyList<CarrierSavings> Carriers)
{
    public const string CurrentSchemaVersion = "energysom.mv-report/1";

    /// <summary>
    /// ASHRAE Guideline 14 whole-building prescriptive path: CV(RMSE) ≤ 20 % for energy with less than 12
    /// months of reporting data, 25 % for 12–60 months; NMBE within ±0.5 % (reference/standards.md §1.2).
    /// </summary>
    public static (bool Meets, string Criteria) Guideline14Check(double cvRmse, double nmbe, int reportingMonths)
    {
        var cvLimit = reportingMonths < 12 ? 20.0 : reportingMonths <= 60 ? 25.0 : 30.0;
        var meets = cvRmse <= cvLimit && Math.Abs(nmbe) <= 0.5;
        return (meets, string.Create(CultureInfo.InvariantCulture, $"CV(RMSE) <= {cvLimit:0} % ({reportingMonths} reporting months), |NMBE| <= 0.5 %"));
    }

    /// <summary>Builds a carrier's section from the fitted model and the daily reporting series.</summary>
    /// <param name="days">Reporting-period local dates.</param>
    /// <param name="adjustedBaseline">Model prediction per day (NaN where it cannot predict).</param>
    /// <param name="actual">Metered per day (NaN where missing).</param>
    public static CarrierSavings Carrier(string carrier, string unit, DailyDriverFit fit, IReadOnlyList<LocalDate> days, double[] adjustedBaseline, double[] actual)
    {
        var avoided = Baseline.Savings.AvoidedEnergy.Compute(adjustedBaseline, actual);
        var months = days.Select((d, i) => (Month: new YearMonth(d.Year, d.Month), i))
            .GroupBy(x => x.Month)
            .Select(g =>
            {
                var idx = g.Select(x => x.i).ToArray();
                var b = idx.Select(i => double.IsNaN(avoided.PerPeriod[i]) ? double.NaN : adjustedBaseline[i]).ToArray();
                var m = idx.Select(i => double.IsNaN(avoided.PerPeriod[i]) ? double.NaN : actual[i]).ToArray();
                var s = idx.Select(i => avoided.PerPeriod[i]).ToArray();
                return new MonthRow(g.Key.ToString("yyyy-MM", CultureInfo.InvariantCulture), CompensatedSum.OfFinite(b, out _), CompensatedSum.OfFinite(m, out _), CompensatedSum.OfFinite(s, out _));
            })
            .ToList();
        var (meets, criteria) = Guideline14Check(fit.Statistics.CvRmse, fit.Statistics.Nmbe, months.Count);
        return new CarrierSavings(
            carrier,
            unit,
            fit.Form,
            fit.AlgorithmVersion,
            fit.HeatingBalancePoint,
            fit.CoolingBalancePoint,
            fit.Terms.Select(t => new TermRow(t.Name, t.Coefficient, t.StandardError, t.TStatistic)).ToList(),
            new FitRow(fit.Statistics.N, fit.Statistics.P, fit.Statistics.RSquared, fit.Statistics.AdjustedRSquared, fit.Statistics.CvRmse, fit.Statistics.Nmbe, fit.Statistics.Convention, meets, criteria),
            avoided.AdjustedBaselineTotal,
            avoided.ActualTotal,
            avoided.Total,
            avoided.AdjustedBaselineTotal > 0 ? 100 * avoided.Total / avoided.AdjustedBaselineTotal : double.NaN,
            avoided.PeriodsUsed,
            months,
            days.Select((d, i) => new DayRow(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), adjustedBaseline[i], actual[i])).ToList());
    }
}
