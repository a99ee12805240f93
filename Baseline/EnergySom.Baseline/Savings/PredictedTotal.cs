using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Savings;

/// <summary>
/// A model's predicted total over a set of periods, with the standard error that comes from the uncertainty of the
/// coefficients (no noise term: normal conditions are hypothetical, nothing is metered under them).
/// </summary>
/// <param name="Total">Σ predicted energy.</param>
/// <param name="StandardError">σ̂·√(sᵀ(XᵀWX)⁻¹s), s = the column sums of the conditions' design rows.</param>
/// <param name="DegreesOfFreedom">Residual degrees of freedom of the model's σ̂².</param>
public sealed record PredictedTotal(double Total, double StandardError, int DegreesOfFreedom)
{
    /// <summary>Half-width of the two-sided interval at <paramref name="confidence"/> (e.g. 0.68, 0.90, 0.95): t·SE.</summary>
    public double HalfWidth(double confidence) => StudentT.TwoSidedCritical(confidence, DegreesOfFreedom) * StandardError;
}
