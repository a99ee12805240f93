namespace EnergySom.Baseline.Statistics;

/// <summary>Lag-1 autocorrelation of residuals, the ρ of the effective sample size n′ = n(1 − ρ)/(1 + ρ).</summary>
public static class ResidualAutocorrelation
{
    /// <summary>
    /// Pearson correlation between rᵢ and rᵢ₋₁ over consecutive finite residuals (NaN rows skipped, as a
    /// data frame that drops them would), the estimator eemeter uses (<c>Series.autocorr(1)</c>).
    /// </summary>
    /// <remarks>Two passes (means, then centred sums) so it is exact for residuals with a large common offset.
    /// NaN when fewer than three residuals or when a side has zero variance.</remarks>
    public static double Lag1(ReadOnlySpan<double> residuals) => Lag1(residuals, default);

    /// <summary>
    /// <see cref="Lag1(ReadOnlySpan{double})"/> of the residuals observed − predicted, formed on the fly (no buffer):
    /// rows where either value is NaN are skipped.
    /// </summary>
    /// <remarks>The one lag-1 estimator of the module: the goodness-of-fit statistics, the TOWT segment metrics and
    /// the savings uncertainty all read ρ from here.</remarks>
    public static double Lag1(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted)
    {
        if (!predicted.IsEmpty && predicted.Length != observed.Length)
        {
            throw new ArgumentException($"observed ({observed.Length}) and predicted ({predicted.Length}) differ in length");
        }

        // Pass 1: means of the leading (r_0..r_{m-2}) and trailing (r_1..r_{m-1}) finite values.
        var count = 0;
        double first = double.NaN, last = double.NaN, sum = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            var r = Residual(observed, predicted, i);
            if (double.IsNaN(r))
            {
                continue;
            }

            if (count == 0)
            {
                first = r;
            }

            last = r;
            sum += r;
            count++;
        }

        if (count < 3)
        {
            return double.NaN;
        }

        var pairs = count - 1;
        var meanLead = (sum - last) / pairs;
        var meanLag = (sum - first) / pairs;

        double sxy = 0, sxx = 0, syy = 0, previous = double.NaN;
        for (var i = 0; i < observed.Length; i++)
        {
            var r = Residual(observed, predicted, i);
            if (double.IsNaN(r))
            {
                continue;
            }

            if (!double.IsNaN(previous))
            {
                var x = previous - meanLead;
                var y = r - meanLag;
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }

            previous = r;
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>n′ = n(1 − ρ)/(1 + ρ) (ASHRAE Guideline 14-2014 Annex B; CalTRACK 2.0 §4.3.2.4).</summary>
    /// <remarks>NaN for ρ ≤ −1 or ρ ≥ 1 (no effective sample); ρ = NaN gives n (no correction possible).</remarks>
    public static double EffectiveSampleSize(int n, double rho)
    {
        if (double.IsNaN(rho))
        {
            return n;
        }

        return rho is <= -1 or >= 1 ? double.NaN : n * (1 - rho) / (1 + rho);
    }

    private static double Residual(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, int i) =>
        predicted.IsEmpty ? observed[i] : observed[i] - predicted[i];
}
