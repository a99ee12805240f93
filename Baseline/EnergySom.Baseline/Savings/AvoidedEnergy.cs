using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Savings;

/// <summary>Avoided energy over a reporting period: adjusted baseline minus actual, per period and in total.</summary>
/// <param name="PerPeriod">Adjusted baseline − actual for each period (NaN where either is missing).</param>
/// <param name="AdjustedBaselineTotal">Σ adjusted baseline over periods where both exist.</param>
/// <param name="ActualTotal">Σ actual over the same periods.</param>
/// <param name="Total">Σ avoided energy.</param>
/// <param name="PeriodsUsed">Periods with both values.</param>
public sealed record AvoidedEnergy(double[] PerPeriod, double AdjustedBaselineTotal, double ActualTotal, double Total, int PeriodsUsed)
{
    /// <summary>
    /// Avoided energy use = adjusted baseline energy − reporting-period energy (IPMVP Core Concepts 2016; the
    /// baseline is adjusted to reporting-period conditions by evaluating the model on them). Compensated sums.
    /// </summary>
    public static AvoidedEnergy Compute(ReadOnlySpan<double> adjustedBaseline, ReadOnlySpan<double> actual)
    {
        if (adjustedBaseline.Length != actual.Length)
        {
            throw new ArgumentException("baseline and actual differ in length");
        }

        var perPeriod = new double[actual.Length];
        var baseline = new double[actual.Length];
        var measured = new double[actual.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            var ok = !double.IsNaN(adjustedBaseline[i]) && !double.IsNaN(actual[i]);
            perPeriod[i] = ok ? adjustedBaseline[i] - actual[i] : double.NaN;
            baseline[i] = ok ? adjustedBaseline[i] : double.NaN;
            measured[i] = ok ? actual[i] : double.NaN;
        }

        var total = CompensatedSum.OfFinite(perPeriod, out var used);
        return new AvoidedEnergy(perPeriod, CompensatedSum.OfFinite(baseline, out _), CompensatedSum.OfFinite(measured, out _), total, used);
    }

    /// <summary>
    /// Cumulative avoided energy after each period: a compensated running sum in period order over the periods with
    /// a value (a missing period carries the previous cumulative forward), so its last value equals <see cref="Total"/>.
    /// </summary>
    public double[] Cumulative()
    {
        var cumulative = new double[PerPeriod.Length];
        var sum = new CompensatedSum();
        for (var i = 0; i < PerPeriod.Length; i++)
        {
            if (!double.IsNaN(PerPeriod[i]))
            {
                sum.Add(PerPeriod[i]);
            }

            cumulative[i] = sum.Value;
        }

        return cumulative;
    }
}
