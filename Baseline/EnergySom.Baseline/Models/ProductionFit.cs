using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// A fitted production-normalised regression: the kept terms with standard errors, t and p, the fate of every
/// candidate variable, Guideline 14 statistics, the overall F test and whether DOE EnPI Lite's validity rules hold.
/// </summary>
public sealed class ProductionFit
{
    /// <summary>Recorded in results so a stored fit says which algorithm produced it.</summary>
    public const string AlgorithmVersion = "production-regression/1";

    private readonly ProductionColumn[] _columns;
    private readonly double[] _coefficients;
    private readonly double[] _r;
    private readonly double _sigma2;

    internal ProductionFit(
        ProductionColumn[] columns,
        double[] coefficients,
        double[] r,
        double sigma2,
        IReadOnlyList<ProductionTerm> terms,
        IReadOnlyList<ProductionVariableDecision> decisions,
        FitStatistics statistics,
        double fStatistic,
        double modelPValue,
        IReadOnlyList<string> criteriaFailures,
        int n,
        int rowsDropped,
        int balancePointCandidates,
        ProductionSettings settings)
    {
        _columns = columns;
        _coefficients = coefficients;
        _r = r;
        _sigma2 = sigma2;
        Terms = terms;
        Decisions = decisions;
        Statistics = statistics;
        FStatistic = fStatistic;
        ModelPValue = modelPValue;
        CriteriaFailures = criteriaFailures;
        N = n;
        RowsDropped = rowsDropped;
        BalancePointCandidates = balancePointCandidates;
        Settings = settings;
        foreach (var c in columns)
        {
            if (c.Kind == ProductionColumnKind.HeatingDegreeDays)
            {
                HeatingBalancePoint = c.BalancePoint;
            }
            else if (c.Kind == ProductionColumnKind.CoolingDegreeDays)
            {
                CoolingBalancePoint = c.BalancePoint;
            }
        }
    }

    /// <summary>The kept terms, intercept first.</summary>
    public IReadOnlyList<ProductionTerm> Terms { get; }

    /// <summary>Every candidate variable (drivers, hdd, cdd, weekend, holiday): kept or dropped, and why.</summary>
    public IReadOnlyList<ProductionVariableDecision> Decisions { get; }

    /// <summary>Heating balance point of the kept hdd term; null if none.</summary>
    public double? HeatingBalancePoint { get; }

    /// <summary>Cooling balance point of the kept cdd term; null if none.</summary>
    public double? CoolingBalancePoint { get; }

    /// <summary>
    /// Guideline 14 statistics; p counts the coefficients plus each kept balance point that was searched (a change point
    /// estimated from the data, reference/standards.md §1.3).
    /// </summary>
    public FitStatistics Statistics { get; }

    /// <summary>Overall F statistic: ((SST − SSE)/(k − 1)) / (SSE/(n − k)).</summary>
    public double FStatistic { get; }

    /// <summary>P(F ≥ FStatistic); NaN for the intercept-only model.</summary>
    public double ModelPValue { get; }

    /// <summary>Which of DOE EnPI Lite's validity rules fail, in words with the numbers; empty when all hold.</summary>
    public IReadOnlyList<string> CriteriaFailures { get; }

    /// <summary>True when every EnPI Lite rule in the settings holds (each p &lt; 0.2, one p &lt; 0.1, F p &lt; 0.1, R² ≥ 0.5).</summary>
    public bool MeetsEnPiLiteCriteria => CriteriaFailures.Count == 0;

    /// <summary>Periods used.</summary>
    public int N { get; }

    /// <summary>Periods left out because energy or a driver was missing.</summary>
    public int RowsDropped { get; }

    /// <summary>Balance-point combinations evaluated.</summary>
    public int BalancePointCandidates { get; }

    /// <summary>Residual degrees of freedom n − k.</summary>
    public int DegreesOfFreedom => N - _columns.Length;

    /// <summary>The settings used.</summary>
    public ProductionSettings Settings { get; }

    /// <summary>Predicts each period of <paramref name="conditions"/>; NaN where a value the model uses is missing.</summary>
    /// <exception cref="ArgumentException">The conditions lack a variable, temperature or day type the model uses.</exception>
    public void Predict(ProductionConditions conditions, Span<double> predicted)
    {
        conditions.Validate("conditions");
        if (predicted.Length < conditions.Periods)
        {
            throw new ArgumentException($"output ({predicted.Length}) is shorter than the {conditions.Periods} periods");
        }

        var variables = _columns.Select(c => c.Resolve(conditions, "conditions")).ToArray();
        for (var i = 0; i < conditions.Periods; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < _columns.Length; j++)
            {
                sum += _coefficients[j] * _columns[j].Value(conditions, i, variables[j]);
            }

            predicted[i] = sum;
        }
    }

    /// <summary>
    /// Predicted total over <paramref name="conditions"/> (e.g. normal conditions: a typical year's weather and a planned
    /// output) with the standard error from the coefficients' uncertainty.
    /// </summary>
    /// <remarks>Var(Σŷ) = σ²·sᵀ(XᵀX)⁻¹s = σ²‖R⁻ᵀs‖², s = Σ over periods of the design rows, R from the fit's QR.</remarks>
    /// <exception cref="ArgumentException">A value the model uses is missing in some period (normal conditions must be complete).</exception>
    public PredictedTotal PredictTotal(ProductionConditions conditions)
    {
        conditions.Validate("conditions");
        var p = _columns.Length;
        var variables = _columns.Select(c => c.Resolve(conditions, "conditions")).ToArray();
        var s = new double[p];
        var total = 0.0;
        for (var i = 0; i < conditions.Periods; i++)
        {
            var row = 0.0;
            for (var j = 0; j < p; j++)
            {
                var v = _columns[j].Value(conditions, i, variables[j]);
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"conditions: period {i} has no value for {_columns[j].Name}; normal conditions must be complete");
                }

                s[j] += v;
                row += _coefficients[j] * v;
            }

            total += row;
        }

        // Rᵀz = s by forward substitution (R upper triangular, row-major p × p).
        var z = new double[p];
        var norm2 = 0.0;
        for (var i = 0; i < p; i++)
        {
            var sum = s[i];
            for (var k = 0; k < i; k++)
            {
                sum -= _r[(k * p) + i] * z[k];
            }

            z[i] = sum / _r[(i * p) + i];
            norm2 += z[i] * z[i];
        }

        return new PredictedTotal(total, Math.Sqrt(_sigma2 * norm2), DegreesOfFreedom);
    }
}
