using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Statistics;

/// <summary>
/// Goodness of fit of a regression baseline, with ASHRAE Guideline 14's degrees-of-freedom convention.
/// </summary>
/// <param name="N">Observations used in the fit.</param>
/// <param name="P">Parameters counted in the degrees of freedom (GL14: all coefficients including the intercept).</param>
/// <param name="RSquared">1 − SSE/SST.</param>
/// <param name="AdjustedRSquared">1 − (1 − R²)(n − 1)/(n − p).</param>
/// <param name="Rmse">√(SSE/(n − p)).</param>
/// <param name="CvRmse">CV(RMSE) in percent: 100 × √(SSE/(n − p)) / ȳ.</param>
/// <param name="Nmbe">NMBE in percent: 100 × Σ(yᵢ − ŷᵢ) / ((n − p) ȳ), measured minus predicted.</param>
/// <param name="MeanObserved">ȳ.</param>
/// <param name="Convention">The degrees-of-freedom convention used, recorded so reports can state it.</param>
public sealed record FitStatistics(
    int N,
    int P,
    double RSquared,
    double AdjustedRSquared,
    double Rmse,
    double CvRmse,
    double Nmbe,
    double MeanObserved,
    double SumSquaredErrors,
    string Convention)
{
    /// <summary>The convention name for ASHRAE Guideline 14-2014 Annex B (p counts every coefficient).</summary>
    public const string Guideline14 = "ASHRAE Guideline 14-2014 Annex B: CV(RMSE) and NMBE with n − p, p = all coefficients incl. intercept";

    /// <summary>
    /// Computes the statistics from observed and predicted values (rows with a NaN in either are skipped).
    /// </summary>
    /// <remarks>
    /// CV(RMSE) = 100·√(Σ(yᵢ−ŷᵢ)²/(n−p))/ȳ and NMBE = 100·Σ(yᵢ−ŷᵢ)/((n−p)·ȳ), ASHRAE Guideline 14-2014,
    /// Annex B (see reference/standards.md §1.2). Sums are compensated and in index order.
    /// </remarks>
    public static FitStatistics Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, int parameters)
    {
        if (observed.Length != predicted.Length)
        {
            throw new ArgumentException("observed and predicted differ in length");
        }

        var n = 0;
        double sumY = 0, cY = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (double.IsNaN(observed[i]) || double.IsNaN(predicted[i]))
            {
                continue;
            }

            Add(ref sumY, ref cY, observed[i]);
            n++;
        }

        if (n <= parameters)
        {
            throw new ArgumentException($"{n} observations cannot support {parameters} parameters");
        }

        var mean = (sumY + cY) / n;
        double sse = 0, cSse = 0, sst = 0, cSst = 0, bias = 0, cBias = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (double.IsNaN(observed[i]) || double.IsNaN(predicted[i]))
            {
                continue;
            }

            var r = observed[i] - predicted[i];
            Add(ref sse, ref cSse, r * r);
            Add(ref bias, ref cBias, r);
            var d = observed[i] - mean;
            Add(ref sst, ref cSst, d * d);
        }

        sse += cSse;
        sst += cSst;
        bias += cBias;
        var dof = n - parameters;
        var rSquared = sst > 0 ? 1 - (sse / sst) : double.NaN;
        var adjusted = sst > 0 ? 1 - ((1 - rSquared) * (n - 1) / dof) : double.NaN;
        var rmse = Math.Sqrt(sse / dof);
        return new FitStatistics(
            n,
            parameters,
            rSquared,
            adjusted,
            rmse,
            100 * rmse / mean,
            100 * bias / (dof * mean),
            mean,
            sse,
            Guideline14);
    }

    private static void Add(ref double sum, ref double compensation, double value)
    {
        var t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }

    /// <summary>Total of the finite values, compensated.</summary>
    public static double Total(ReadOnlySpan<double> values) => Summation.SumFinite(values, out _);
}
