namespace EnergySom.Baseline.Models;

/// <summary>
/// A model's predicted total over a set of periods, with the standard error that comes from the uncertainty of the
/// coefficients (no noise term: normal conditions are hypothetical, nothing is metered under them).
/// </summary>
/// <param name="Total">Σ predicted energy.</param>
/// <param name="StandardError">σ·√(sᵀ(XᵀX)⁻¹s), s = the column sums of the conditions' design.</param>
/// <param name="DegreesOfFreedom">n − k of the model.</param>
public sealed record ProductionTotal(double Total, double StandardError, int DegreesOfFreedom)
{
    /// <summary>Half-width of the two-sided interval at <paramref name="confidence"/> (e.g. 0.68, 0.90, 0.95): t·SE.</summary>
    public double HalfWidth(double confidence) => ProductionStudentT.TwoSidedQuantile(confidence, DegreesOfFreedom) * StandardError;
}
