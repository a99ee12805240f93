using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>Savings of a CalTRACK daily or billing baseline over a reporting period.</summary>
public static class CalTrackSavings
{
    /// <summary>
    /// Predicts every reporting period wholly inside <paramref name="reporting"/> with the baseline model
    /// (daily: usage per day at the day's mean temperature; billing: whole-period chunks, eemeter 3.2.0), and reports
    /// avoided energy with its uncertainty, including the exact OLS prediction interval of the total.
    /// </summary>
    public static SavingsResult Compute(CalTrackFit baseline, UsageSeries usage, HourlyTemperature temperature, Interval reporting, SavingsOptions? options = null)
    {
        var window = usage.Within(reporting);
        var billing = baseline.Result.ModelKind == ModelKinds.CalTrackBilling;
        var model = baseline.Model;
        var fit = baseline.Regression;
        var variance = new PredictionVariance(fit);
        var row = new double[fit.P];
        var periods = new List<ResultPeriod>();
        double[] observed, predicted;
        if (billing)
        {
            var design = BillingDesign.Build(window, temperature, model.Unit);
            observed = design.Usage.ToArray();
            predicted = model.Predict(design);
            for (var p = 0; p < design.Periods; p++)
            {
                periods.Add(new ResultPeriod(design.Starts[p], design.Ends[p]));
                if (double.IsFinite(observed[p]) && double.IsFinite(predicted[p]))
                {
                    var n = design.Prediction.ChunkCount(p);
                    Row(row, model, design.Prediction.HeatingDegreeDaysPerDay(p, model.HeatingBalancePoint ?? 0), design.Prediction.CoolingDegreeDaysPerDay(p, model.CoolingBalancePoint ?? 0), n);

                    // A period total is N × usage per day; the WLS error variance of a rate with weight w is σ²/w.
                    variance.Add(row, (double)n * n / design.Prediction.KeptDays(p));
                }
            }
        }
        else
        {
            var design = DailyDesign.Build(window, temperature, model.Unit);
            observed = design.Usage.ToArray();
            predicted = model.Predict(design);
            for (var i = 0; i < design.Periods; i++)
            {
                periods.Add(new ResultPeriod(design.Starts[i], design.Ends[i]));
                if (double.IsFinite(observed[i]) && double.IsFinite(predicted[i]))
                {
                    var t = design.MeanTemperature[i];
                    var days = design.Days[i];
                    Row(row, model, Math.Max((model.HeatingBalancePoint ?? 0) - t, 0), Math.Max(t - (model.CoolingBalancePoint ?? 0), 0), days);
                    variance.Add(row, days * days);
                }
            }
        }

        return SavingsReport.Compute(
            new SavingsInput
            {
                Baseline = baseline.Result,
                ReportingPeriod = ResultPeriod.Of(reporting),
                Periods = periods,
                Observed = observed,
                AdjustedBaseline = predicted,
                TotalPredictionVariance = variance.Rows > 0 ? variance.Total : null,
                PredictionDegreesOfFreedom = fit.ResidualDegreesOfFreedom,
            },
            options);
    }

    /// <summary>
    /// Normalised savings of a CalTRACK baseline: the baseline-period model and a model fitted on the reporting period,
    /// both evaluated day by day on the same normal-year temperatures (e.g. a typical meteorological year) over
    /// <paramref name="normalPeriod"/> (UTC days, the 12-hour rule applies), so this year's weather drops out.
    /// </summary>
    public static NormalizedSavingsResult Normalized(
        CalTrackModel baseline,
        CalTrackModel reporting,
        HourlyTemperature normalYear,
        Interval normalPeriod,
        string conditions,
        IReadOnlyList<NonRoutineAdjustment>? adjustments = null)
    {
        var days = (int)Math.Floor((normalPeriod.End - normalPeriod.Start).TotalDays);
        var starts = new Instant[days + 1];
        for (var d = 0; d <= days; d++)
        {
            starts[d] = normalPeriod.Start + Duration.FromDays(d);
        }

        var design = DailyDesign.Build(new UsageSeries(starts, new double[days + 1]), normalYear, baseline.Unit);
        var reportingDesign = reporting.Unit == baseline.Unit ? design : DailyDesign.Build(new UsageSeries(starts, new double[days + 1]), normalYear, reporting.Unit);
        return NormalizedSavings.Compute(conditions, baseline.Predict(design), reporting.Predict(reportingDesign), adjustments);
    }

    /// <summary>The design row of the selected form (intercept, HDD, CDD as present) scaled to a period total.</summary>
    private static void Row(double[] row, CalTrackModel model, double hdd, double cdd, double scale)
    {
        var j = 0;
        row[j++] = scale;
        if (model.HeatingBalancePoint is not null)
        {
            row[j++] = hdd * scale;
        }

        if (model.CoolingBalancePoint is not null)
        {
            row[j] = cdd * scale;
        }
    }
}
