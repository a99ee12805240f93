using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Normalised savings (IPMVP fixed-conditions basis): the baseline model and the reporting-period model both
/// evaluated on the same normal conditions, savings = baseline − reporting.
/// </summary>
/// <param name="Baseline">Baseline model's total under normal conditions.</param>
/// <param name="Reporting">Reporting model's total under the same conditions.</param>
/// <param name="Savings">Baseline − Reporting.</param>
/// <param name="StandardError">√(SE_b² + SE_r²): the two models are fitted on disjoint data.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom of the difference.</param>
public sealed record ProductionNormalisedSavings(PredictedTotal Baseline, PredictedTotal Reporting, double Savings, double StandardError, double DegreesOfFreedom)
{
    /// <summary>Half-width of the two-sided interval at <paramref name="confidence"/> (e.g. 0.68, 0.90, 0.95).</summary>
    public double HalfWidth(double confidence) => StudentT.TwoSidedCritical(confidence, DegreesOfFreedom) * StandardError;

    /// <summary>Savings as a fraction of the baseline total.</summary>
    public double Fraction => Savings / Baseline.Total;
}
