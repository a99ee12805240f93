using EnergySom.Baseline.Numerics;
using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Savings;

/// <summary>Normalised savings under fixed (e.g. typical-year) conditions.</summary>
/// <param name="Conditions">What the normal conditions are (e.g. "TMY3 Chicago O'Hare, planned output 12 000 t").</param>
/// <param name="BaselineUnderNormal">The baseline-period model on the normal conditions.</param>
/// <param name="ReportingUnderNormal">The reporting-period model on the same conditions.</param>
/// <param name="Savings">BaselineUnderNormal − ReportingUnderNormal (no non-routine adjustment in it).</param>
/// <param name="Adjustments">Non-routine adjustments restated to the normal conditions, listed.</param>
/// <param name="SavingsWithAdjustments">Savings + Σ adjustments.</param>
public sealed record NormalizedSavingsResult(
    string Conditions,
    double BaselineUnderNormal,
    double ReportingUnderNormal,
    double Savings,
    IReadOnlyList<NonRoutineAdjustment> Adjustments,
    double SavingsWithAdjustments);

/// <summary>
/// IPMVP normalised savings: (baseline model − reporting-period model), both evaluated on the same user-given
/// normal conditions, so weather and production of any particular year drop out. Non-routine adjustments stated at
/// normal conditions are listed and applied only to the figure that says so.
/// </summary>
public static class NormalizedSavings
{
    /// <summary>Sums each model's predictions over the normal periods (periods where either is NaN are skipped in both).</summary>
    public static NormalizedSavingsResult Compute(string conditions, ReadOnlySpan<double> baselineOnNormal, ReadOnlySpan<double> reportingOnNormal, IReadOnlyList<NonRoutineAdjustment>? adjustments = null)
    {
        if (baselineOnNormal.Length != reportingOnNormal.Length)
        {
            throw new ArgumentException("both models must be evaluated on the same normal periods");
        }

        var baseline = new CompensatedSum();
        var reporting = new CompensatedSum();
        for (var i = 0; i < baselineOnNormal.Length; i++)
        {
            if (double.IsFinite(baselineOnNormal[i]) && double.IsFinite(reportingOnNormal[i]))
            {
                baseline.Add(baselineOnNormal[i]);
                reporting.Add(reportingOnNormal[i]);
            }
        }

        adjustments ??= [];
        var total = new CompensatedSum();
        foreach (var a in adjustments)
        {
            total.Add(a.Amount);
        }

        var savings = baseline.Value - reporting.Value;
        return new NormalizedSavingsResult(conditions, baseline.Value, reporting.Value, savings, adjustments, savings + total.Value);
    }
}
