using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>Savings of an hourly TOWT baseline over a reporting period.</summary>
public static class HourlyTowtSavings
{
    /// <summary>
    /// Predicts every reporting hour of <paramref name="design"/> by its month's segment and reports avoided energy
    /// with Guideline 14 / CalTRACK uncertainty from the baseline's hourly statistics (the reference computes no error
    /// bands for hourly models; no exact interval is offered, as the segments overlap).
    /// </summary>
    public static SavingsResult Compute(HourlyTowtFit fit, BaselineResult result, HourlyDesign design, Interval reporting, SavingsOptions? options = null)
    {
        var predicted = new double[design.Rows];
        fit.Predict(design.Hours, design.Temperature, predicted);
        var periods = new ResultPeriod[design.Rows];
        for (var i = 0; i < periods.Length; i++)
        {
            periods[i] = new ResultPeriod(design.Hours[i], design.Hours[i] + Duration.FromHours(1));
        }

        return SavingsReport.Compute(
            new SavingsInput
            {
                Baseline = result,
                ReportingPeriod = ResultPeriod.Of(reporting),
                Periods = periods,
                Observed = design.Usage.ToArray(),
                AdjustedBaseline = predicted,
            },
            options);
    }
}
