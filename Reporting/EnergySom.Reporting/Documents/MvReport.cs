using System.Globalization;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
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

/// <summary>Uncertainty of the avoided energy at one confidence level, by one method.</summary>
public sealed record UncertaintyRow(string Method, double Confidence, double Absolute, double Fractional);

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
    IReadOnlyList<UncertaintyRow> Uncertainty,
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
    public const string CurrentSchemaVersion = "energysom.mv-report/2";

    /// <summary>
    /// Builds a carrier's section from the frozen baseline result and the savings computed against it (one period per
    /// reporting day, in <paramref name="zone"/>): the model, its statistics with the Guideline 14 verdict the Baseline
    /// module recorded, avoided energy per month and in total, and its uncertainty at each confidence.
    /// </summary>
    public static CarrierSavings Carrier(string carrier, string unit, BaselineResult result, SavingsResult savings, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(savings);
        var days = savings.Periods.Select(p => (Date: p.Period.From.InZone(zone).Date, p)).ToList();
        var months = days
            .GroupBy(d => new YearMonth(d.Date.Year, d.Date.Month))
            .Select(g =>
            {
                var used = g.Where(d => double.IsFinite(d.p.Avoided)).ToList();
                return new MonthRow(
                    g.Key.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    CompensatedSum.Of([.. used.Select(d => d.p.AdjustedBaseline)]),
                    CompensatedSum.Of([.. used.Select(d => d.p.Observed)]),
                    CompensatedSum.Of([.. used.Select(d => d.p.Avoided)]));
            })
            .ToList();
        var stats = result.Statistics;
        var g14 = stats.Guideline14;
        var criteria = g14 is null
            ? "not assessed"
            : string.Create(CultureInfo.InvariantCulture, $"CV(RMSE) <= {100 * g14.CvRmseLimit:0} %, |NMBE| <= {100 * g14.NmbeLimit:0.0##} % ({g14.Basis})");
        var heating = result.BalancePoints?.Heating;
        var cooling = result.BalancePoints?.Cooling;
        if (result.BalancePoints is { Unit: TemperatureUnit.Fahrenheit })
        {
            heating = heating is { } h ? (h - 32) * 5 / 9 : null;
            cooling = cooling is { } c ? (c - 32) * 5 / 9 : null;
        }

        return new CarrierSavings(
            carrier,
            unit,
            result.ModelType,
            result.AlgorithmVersion,
            heating,
            cooling,
            result.Coefficients.Select(t => new TermRow(t.Name, t.Value, t.StandardError, t.TStatistic)).ToList(),
            new FitRow(stats.N, stats.ParameterCount, stats.RSquared, stats.AdjustedRSquared, 100 * stats.CvRmse, 100 * stats.Nmbe, stats.Convention, g14?.Meets ?? false, criteria),
            savings.AdjustedBaselineTotal,
            savings.ObservedTotal,
            savings.AvoidedEnergy,
            savings.AdjustedBaselineTotal > 0 ? 100 * savings.AvoidedEnergy / savings.AdjustedBaselineTotal : double.NaN,
            savings.PeriodsUsed,
            savings.Uncertainty.Select(u => new UncertaintyRow(u.Method, u.Confidence, u.Absolute, u.Fractional)).ToList(),
            months,
            days.Select(d => new DayRow(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.p.AdjustedBaseline, d.p.Observed)).ToList());
    }
}
