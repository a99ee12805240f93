using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Change-point models on meter periods (days or billing periods): energy per day against the period's mean
/// outdoor temperature, weighted by days, so a period total is days × the model's rate (as CalTRACK does).
/// </summary>
public static class ChangePointDaily
{
    /// <summary>Fits the change-point forms on the periods of <paramref name="design"/> (usage per day on mean temperature,
    /// weights = days) and returns the fit with its record.</summary>
    /// <exception cref="BaselineFitException">No period has usage and a mean temperature.</exception>
    public static (ChangePointFit Fit, BaselineResult Result) Fit(DailyDesign design, Interval? baseline = null, ChangePointSettings? settings = null)
    {
        var n = design.Periods;
        if (design.UsableRows == 0)
        {
            throw new BaselineFitException($"none of the {n} baseline periods has both usage and a mean temperature; there is nothing to fit");
        }

        var fit = ChangePointModel.Fit(design.MeanTemperature, design.UsagePerDay, design.Days, settings);
        var observed = design.Usage.ToArray();
        var predicted = Totals(fit, design);
        var totals = GoodnessOfFit.Compute(observed, predicted, default, fit.Parameters, fit.Parameters - 1);
        var result = fit.ToResult(new FitContext
        {
            BaselinePeriod = baseline is { } b ? ResultPeriod.Of(b) : null,
            TemperatureUnit = design.Unit,
            TotalsStatistics = totals,
            Data = new JsonObject { ["periods"] = n, ["driver"] = "mean_temperature", ["weights"] = "days" },
        });
        return (fit, result);
    }

    /// <summary>Predicted period totals (days × rate at the period's mean temperature; NaN without one).</summary>
    public static double[] Totals(ChangePointFit fit, DailyDesign design)
    {
        var predicted = new double[design.Periods];
        for (var i = 0; i < predicted.Length; i++)
        {
            predicted[i] = design.Days[i] * fit.Predict(design.MeanTemperature[i]);
        }

        return predicted;
    }

    /// <summary>
    /// Avoided energy of the reporting periods of <paramref name="reportingDesign"/> with its uncertainty (Guideline 14
    /// FSU on the baseline totals' statistics, and the exact WLS prediction interval of the total).
    /// </summary>
    public static SavingsResult Savings(ChangePointFit fit, BaselineResult result, DailyDesign reportingDesign, Interval reporting, SavingsOptions? options = null)
    {
        var observed = reportingDesign.Usage.ToArray();
        var predicted = Totals(fit, reportingDesign);
        var variance = new PredictionVariance(fit.ResidualVariance, fit.InverseGramMatrix, fit.Coefficients.Count);
        var row = new double[fit.Coefficients.Count];
        var periods = new List<ResultPeriod>(reportingDesign.Periods);
        for (var i = 0; i < reportingDesign.Periods; i++)
        {
            periods.Add(new ResultPeriod(reportingDesign.Starts[i], reportingDesign.Ends[i]));
            if (double.IsFinite(observed[i]) && double.IsFinite(predicted[i]))
            {
                var days = reportingDesign.Days[i];
                fit.DesignRow(reportingDesign.MeanTemperature[i], days, row);

                // The rate of a period with weight w (= days) has error variance σ²/w; its total is days × rate.
                variance.Add(row, days);
            }
        }

        return SavingsReport.Compute(
            new SavingsInput
            {
                Baseline = result,
                ReportingPeriod = ResultPeriod.Of(reporting),
                Periods = periods,
                Observed = observed,
                AdjustedBaseline = predicted,
                TotalPredictionVariance = variance.Rows > 0 && double.IsFinite(fit.ResidualVariance) ? variance.Total : null,
                PredictionDegreesOfFreedom = fit.ResidualDegreesOfFreedom,
            },
            options);
    }
}
