using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.LeastSquares;

/// <summary>
/// A least-squares fit with its inference: coefficients, their covariance, standard errors, t and p values,
/// fitted values and residuals. The convenient (allocating) face of <see cref="HouseholderQr"/> for final fits;
/// searches use the allocation-free kernels directly.
/// </summary>
public sealed class LinearFit
{
    private LinearFit(string[] names, double[] coefficients, double[] inverseGram, double residualVariance, int n, double[] fitted, double weightedSse, int searched)
    {
        SearchedParameters = searched;
        Names = names;
        Coefficients = coefficients;
        InverseGramMatrix = inverseGram;
        ResidualVariance = residualVariance;
        N = n;
        Fitted = fitted;
        WeightedSumSquaredErrors = weightedSse;
    }

    /// <summary>Column names, in design order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>β̂.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>(XᵀWX)⁻¹, p × p row-major: the coefficient covariance divided by σ̂².</summary>
    public IReadOnlyList<double> InverseGramMatrix { get; }

    /// <summary>σ̂² = Σ wᵢ(yᵢ − ŷᵢ)² / (n − p − s), s = <see cref="SearchedParameters"/> (NaN when no degree of freedom is left).</summary>
    public double ResidualVariance { get; }

    /// <summary>Rows fitted.</summary>
    public int N { get; }

    /// <summary>Parameters (columns).</summary>
    public int P => Names.Count;

    /// <summary>
    /// Parameters estimated by a search outside the least squares (e.g. the change points of a Guideline 14
    /// change-point model): they cost degrees of freedom but have no column. 0 for a plain regression.
    /// </summary>
    public int SearchedParameters { get; }

    /// <summary>Degrees of freedom of the residuals, n − p − s (s = <see cref="SearchedParameters"/>).</summary>
    public int ResidualDegreesOfFreedom => N - P - SearchedParameters;

    /// <summary>ŷ for each fitted row.</summary>
    public IReadOnlyList<double> Fitted { get; }

    /// <summary>Σ wᵢ(yᵢ − ŷᵢ)² (weights 1 for OLS), in a fixed order.</summary>
    public double WeightedSumSquaredErrors { get; }

    /// <summary>
    /// Fits y on the columns of the design by Householder QR (WLS when <paramref name="weights"/> is not empty).
    /// </summary>
    /// <param name="design">n × p, column-major (<c>design[j * n + i]</c>).</param>
    /// <param name="searchedParameters">Parameters found by a search around this fit (change points, balance points) that
    /// should cost degrees of freedom in σ̂², the standard errors and the p-values (see <see cref="SearchedParameters"/>).</param>
    /// <exception cref="SingularDesignException">Dependent columns, named.</exception>
    public static LinearFit Fit(ReadOnlySpan<double> design, int n, IReadOnlyList<string> names, ReadOnlySpan<double> y, ReadOnlySpan<double> weights = default, int searchedParameters = 0)
    {
        if (searchedParameters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(searchedParameters), searchedParameters, "cannot be negative");
        }

        var p = names.Count;
        var coefficients = new double[p];
        var workspace = new double[(n * p) + n];
        HouseholderQr.Solve(design, n, p, y, weights, coefficients, workspace, default, names);
        var inverseGram = new double[p * p];
        HouseholderQr.InverseGram(workspace, n, p, inverseGram, new double[p * p]);

        var fitted = new double[n];
        double sse = 0, compensation = 0;
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < p; j++)
            {
                sum += design[(j * n) + i] * coefficients[j];
            }

            fitted[i] = sum;
            var r = y[i] - sum;
            var term = (weights.IsEmpty ? 1 : weights[i]) * r * r;
            var t = sse + term;
            compensation += Math.Abs(sse) >= Math.Abs(term) ? (sse - t) + term : (term - t) + sse;
            sse = t;
        }

        sse += compensation;
        var dof = n - p - searchedParameters;
        var variance = dof > 0 ? sse / dof : double.NaN;
        return new LinearFit([.. names], coefficients, inverseGram, variance, n, fitted, sse, searchedParameters);
    }

    /// <summary>The coefficient called <paramref name="name"/>.</summary>
    public double this[string name] => Coefficients[IndexOf(name)];

    /// <summary>Standard error of coefficient <paramref name="j"/>: √(σ̂² [(XᵀWX)⁻¹]ⱼⱼ).</summary>
    public double StandardError(int j) => Math.Sqrt(ResidualVariance * InverseGramMatrix[(j * P) + j]);

    /// <summary>Coefficients with standard errors, t statistics and two-sided p-values (<see cref="ResidualDegreesOfFreedom"/>).</summary>
    public IReadOnlyList<CoefficientEstimate> Estimates()
    {
        var estimates = new CoefficientEstimate[P];
        for (var j = 0; j < P; j++)
        {
            var se = StandardError(j);
            var t = se > 0 ? Coefficients[j] / se : double.NaN;
            estimates[j] = new CoefficientEstimate(Names[j], Coefficients[j], se, t, StudentT.TwoSidedPValue(t, ResidualDegreesOfFreedom));
        }

        return estimates;
    }

    /// <summary>
    /// xᵀ(XᵀWX)⁻¹x for a row (or a sum of rows) <paramref name="x"/> of the design: the leverage term of a
    /// prediction's variance, Var(ŷ) = σ̂² · xᵀ(XᵀWX)⁻¹x.
    /// </summary>
    public double Leverage(ReadOnlySpan<double> x)
    {
        if (x.Length != P)
        {
            throw new ArgumentException($"a design row has {P} values, not {x.Length}");
        }

        var sum = 0.0;
        for (var i = 0; i < P; i++)
        {
            var row = 0.0;
            for (var j = 0; j < P; j++)
            {
                row += InverseGramMatrix[(i * P) + j] * x[j];
            }

            sum += x[i] * row;
        }

        return sum;
    }

    private int IndexOf(string name)
    {
        for (var j = 0; j < Names.Count; j++)
        {
            if (Names[j] == name)
            {
                return j;
            }
        }

        throw new KeyNotFoundException($"the fit has no coefficient '{name}' (it has {string.Join(", ", Names)})");
    }
}
