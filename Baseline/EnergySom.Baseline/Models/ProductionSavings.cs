using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>Savings of a production-normalised baseline over a reporting period.</summary>
public static class ProductionSavings
{
    /// <summary>
    /// Predicts each reporting period from its drivers (routine adjustment for production, weather and day type) and
    /// reports avoided energy with its uncertainty, including the exact OLS prediction interval of the total.
    /// </summary>
    /// <param name="periods">The reporting periods, one per condition row.</param>
    /// <param name="observed">Metered energy per period (NaN = missing).</param>
    /// <exception cref="ArgumentException">Lengths disagree or the conditions lack a variable the model uses.</exception>
    public static SavingsResult Compute(
        ProductionFit fit,
        BaselineResult result,
        IReadOnlyList<ResultPeriod> periods,
        ReadOnlySpan<double> observed,
        ProductionConditions conditions,
        Interval reporting,
        SavingsOptions? options = null)
    {
        if (periods.Count != conditions.Periods || observed.Length != conditions.Periods)
        {
            throw new ArgumentException($"{periods.Count} periods, {observed.Length} observations and {conditions.Periods} condition rows must agree");
        }

        var predicted = new double[conditions.Periods];
        fit.Predict(conditions, predicted);
        return SavingsReport.Compute(
            new SavingsInput
            {
                Baseline = result,
                ReportingPeriod = ResultPeriod.Of(reporting),
                Periods = periods,
                Observed = observed.ToArray(),
                AdjustedBaseline = predicted,
                TotalPredictionVariance = fit.TotalPredictionVariance(conditions, observed),
                PredictionDegreesOfFreedom = fit.DegreesOfFreedom,
            },
            options);
    }
}
