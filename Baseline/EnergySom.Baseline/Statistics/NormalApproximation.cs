namespace EnergySom.Baseline.Statistics;

/// <summary>A rational approximation of the standard normal quantile, used only as a starting point.</summary>
internal static class NormalApproximation
{
    /// <summary>z with P(Z &gt; z) = q, for 0 &lt; q ≤ ½; absolute error below 4.5e-4.</summary>
    /// <remarks>Abramowitz and Stegun 26.2.23 (Hastings' approximation). Callers refine it.</remarks>
    public static double UpperQuantile(double q)
    {
        var w = Math.Sqrt(-2 * Math.Log(q));
        return w - ((2.515517 + (0.802853 * w) + (0.010328 * w * w))
            / (1 + (1.432788 * w) + (0.189269 * w * w) + (0.001308 * w * w * w)));
    }
}
