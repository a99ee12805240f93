using EnergySom.Baseline.LeastSquares;

namespace EnergySom.Baseline.Statistics;

/// <summary>
/// The variance of a sum of new predictions' errors under a least-squares model with independent errors:
/// Var(Σ (ŷₖ − yₖ)) = σ̂² (Σ vₖ + sᵀ(XᵀWX)⁻¹s), s = Σ xₖ the summed design rows, vₖ the noise factor of row k
/// (1 for OLS rows; scale²/weight for rows that are scaled rates of a WLS fit).
/// </summary>
public sealed class PredictionVariance
{
    private readonly LinearFit _fit;
    private readonly double[] _sum;
    private double _noise;

    public PredictionVariance(LinearFit fit)
    {
        _fit = fit;
        _sum = new double[fit.P];
    }

    /// <summary>Rows added.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds one prediction: its design row (already scaled to the quantity predicted) and noise factor.</summary>
    public void Add(ReadOnlySpan<double> designRow, double noiseFactor)
    {
        for (var j = 0; j < _sum.Length; j++)
        {
            _sum[j] += designRow[j];
        }

        _noise += noiseFactor;
        Rows++;
    }

    /// <summary>Var of the summed prediction error.</summary>
    public double Total => _fit.ResidualVariance * (_noise + _fit.Leverage(_sum));

    /// <summary>Var of one prediction error: σ̂²(v + xᵀ(XᵀWX)⁻¹x).</summary>
    public static double OfOne(LinearFit fit, ReadOnlySpan<double> designRow, double noiseFactor) =>
        fit.ResidualVariance * (noiseFactor + fit.Leverage(designRow));
}
