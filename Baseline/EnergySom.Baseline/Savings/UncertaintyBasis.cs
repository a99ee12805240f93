using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Savings;

/// <summary>How a baseline model's uncertainty is carried into savings: the statistics of its period totals.</summary>
/// <param name="N">Baseline periods with observed and predicted totals.</param>
/// <param name="ParameterCount">p (Guideline 14, intercept included).</param>
/// <param name="ExplanatoryCount">c (CalTRACK / eemeter, intercept excluded).</param>
/// <param name="SumSquaredErrors">Σ(observed − predicted)² of the baseline totals.</param>
/// <param name="MeanObserved">Mean baseline total per period (eemeter's <c>base_avg</c>).</param>
/// <param name="ObservedVariance">Population variance of the baseline totals (eemeter's <c>base_var</c>).</param>
/// <param name="Autocorrelation">ρ, lag-1 autocorrelation of the baseline residuals.</param>
/// <param name="Billing">True for billing data (CalTRACK's billing polynomial and month count).</param>
public sealed record UncertaintyBasis(
    int N,
    int ParameterCount,
    int ExplanatoryCount,
    double SumSquaredErrors,
    double MeanObserved,
    double ObservedVariance,
    double Autocorrelation,
    bool Billing)
{
    /// <summary>RMSE with n − p degrees of freedom (Guideline 14).</summary>
    public double RmseGuideline14 => Math.Sqrt(SumSquaredErrors / (N - ParameterCount));

    /// <summary>RMSE with n − c degrees of freedom (eemeter's <c>rmse_adj</c>).</summary>
    public double RmseCalTrack => Math.Sqrt(SumSquaredErrors / (N - ExplanatoryCount));

    /// <summary>The basis of a stored result: its totals statistics (its statistics when it has none).</summary>
    public static UncertaintyBasis From(BaselineResult result)
    {
        var s = result.TotalsStatistics ?? result.Statistics;
        return From(s, result.ModelKind == ModelKinds.CalTrackBilling);
    }

    /// <summary>The basis of statistics computed on baseline period totals.</summary>
    public static UncertaintyBasis From(ModelStatistics totals, bool billing) => new(
        totals.N, totals.ParameterCount, totals.ExplanatoryCount, totals.SumSquaredErrors, totals.MeanObserved, totals.ObservedVariance, totals.ResidualAutocorrelation, billing);
}
