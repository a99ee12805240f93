namespace EnergySom.Baseline.Statistics;

/// <summary>
/// Goodness of fit in percent with ASHRAE Guideline 14's degrees-of-freedom convention: the compact view the
/// change-point and production models print. Every number is taken from <see cref="ModelStatistics"/>
/// (<see cref="GoodnessOfFit.Compute"/>), which the other models return directly in both conventions.
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
    /// Annex B (see reference/standards.md §1.2). Sums are compensated and in index order (<see cref="GoodnessOfFit"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, or no more observations than parameters.</exception>
    public static FitStatistics Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, int parameters)
    {
        if (observed.Length != predicted.Length)
        {
            throw new ArgumentException("observed and predicted differ in length");
        }

        var n = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (double.IsFinite(observed[i]) && double.IsFinite(predicted[i]))
            {
                n++;
            }
        }

        if (n <= parameters)
        {
            throw new ArgumentException($"{n} observations cannot support {parameters} parameters");
        }

        return From(GoodnessOfFit.Compute(observed, predicted, default, parameters, parameters - 1));
    }

    /// <summary>The percent view of <paramref name="statistics"/> (its Guideline 14 figures).</summary>
    public static FitStatistics From(ModelStatistics statistics) => new(
        statistics.N,
        statistics.ParameterCount,
        statistics.RSquared,
        statistics.AdjustedRSquared,
        statistics.Rmse,
        100 * statistics.CvRmse,
        100 * statistics.Nmbe,
        statistics.MeanObserved,
        statistics.SumSquaredErrors,
        Guideline14);
}
