using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Savings;

/// <summary>Everything <see cref="SavingsReport.Compute"/> needs: the baseline record, the reporting periods with their
/// metered and predicted energy, and (optionally) the exact OLS prediction variance of the total.</summary>
public sealed record SavingsInput
{
    public required BaselineResult Baseline { get; init; }

    public required ResultPeriod ReportingPeriod { get; init; }

    public required IReadOnlyList<ResultPeriod> Periods { get; init; }

    /// <summary>Metered energy per period (NaN = missing).</summary>
    public required IReadOnlyList<double> Observed { get; init; }

    /// <summary>The baseline model's prediction per period (NaN = cannot predict).</summary>
    public required IReadOnlyList<double> AdjustedBaseline { get; init; }

    /// <summary>σ̂²(Σ vₖ + sᵀ(XᵀWX)⁻¹s) for the periods used: the variance of the total prediction error under
    /// independent errors (see <see cref="EnergySom.Baseline.Statistics.PredictionVariance"/>); null when unknown.</summary>
    public double? TotalPredictionVariance { get; init; }

    /// <summary>Degrees of freedom of σ̂² (n − p).</summary>
    public int? PredictionDegreesOfFreedom { get; init; }
}
