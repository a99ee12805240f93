using EnergySom.Baseline.LeastSquares;

namespace EnergySom.Baseline.Statistics;

/// <summary>
/// The variance of a sum of new predictions' errors under a least-squares model with independent errors:
/// Var(Σ (ŷₖ − yₖ)) = σ̂² (Σ vₖ + sᵀ(XᵀWX)⁻¹s), s = Σ xₖ the summed design rows, vₖ the noise factor of row k
/// (1 for OLS rows; scale²/weight for rows that are scaled rates of a WLS fit).
/// </summary>
/// <remarks>Works from a fresh <see cref="LinearFit"/> or from σ̂² and (XᵀWX)⁻¹ read back from a stored result, so a
/// record can price a reporting period months later without refitting. Rows are accumulated in the order added.</remarks>
public sealed class PredictionVariance
{
    private readonly double _residualVariance;
    private readonly IReadOnlyList<double> _inverseGram;
    private readonly double[] _sum;
    private double _noise;

    public PredictionVariance(LinearFit fit)
        : this(fit.ResidualVariance, fit.InverseGramMatrix, fit.P)
    {
    }

    /// <param name="residualVariance">σ̂².</param>
    /// <param name="inverseGram">(XᵀWX)⁻¹, p × p row-major.</param>
    /// <param name="p">Columns of the design.</param>
    public PredictionVariance(double residualVariance, IReadOnlyList<double> inverseGram, int p)
    {
        if (inverseGram.Count != p * p)
        {
            throw new ArgumentException($"(XᵀWX)⁻¹ of {p} columns has {p * p} entries, not {inverseGram.Count}");
        }

        _residualVariance = residualVariance;
        _inverseGram = inverseGram;
        _sum = new double[p];
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

    /// <summary>Var of the summed prediction error: σ̂²(Σ vₖ + sᵀ(XᵀWX)⁻¹s).</summary>
    public double Total => _residualVariance * (_noise + Quadratic(_inverseGram, _sum));

    /// <summary>Var of the summed prediction from the coefficients alone, σ̂² sᵀ(XᵀWX)⁻¹s: the uncertainty of a model
    /// total under hypothetical (normal) conditions, where nothing is metered and no noise term applies.</summary>
    public double ParameterPart => _residualVariance * Quadratic(_inverseGram, _sum);

    /// <summary>Var of one prediction error: σ̂²(v + xᵀ(XᵀWX)⁻¹x).</summary>
    public static double OfOne(LinearFit fit, ReadOnlySpan<double> designRow, double noiseFactor) =>
        fit.ResidualVariance * (noiseFactor + fit.Leverage(designRow));

    /// <summary>xᵀAx for a p × p row-major A.</summary>
    internal static double Quadratic(IReadOnlyList<double> a, ReadOnlySpan<double> x)
    {
        var p = x.Length;
        var sum = 0.0;
        for (var i = 0; i < p; i++)
        {
            var row = 0.0;
            for (var j = 0; j < p; j++)
            {
                row += a[(i * p) + j] * x[j];
            }

            sum += x[i] * row;
        }

        return sum;
    }
}
