using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Statistics;

/// <summary>Snedecor's F distribution, for the overall significance test of a regression.</summary>
public static class FisherF
{
    /// <summary>P(F &gt; <paramref name="f"/>) with (d1, d2) degrees of freedom.</summary>
    /// <remarks>P(F &gt; f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2) (Abramowitz and Stegun 26.6.2), evaluated directly.</remarks>
    public static double UpperTail(double f, double numeratorDegrees, double denominatorDegrees)
    {
        if (double.IsNaN(f) || !(numeratorDegrees > 0) || !(denominatorDegrees > 0))
        {
            return double.NaN;
        }

        if (f <= 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(f))
        {
            return 0;
        }

        var d1f = numeratorDegrees * f;
        var denominator = denominatorDegrees + d1f;
        return IncompleteBeta.Regularized(denominatorDegrees / 2, numeratorDegrees / 2, denominatorDegrees / denominator, d1f / denominator);
    }
}
