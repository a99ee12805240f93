using System.Text.Json.Nodes;
using EnergySom.Baseline.Results;
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
    private readonly double _sigma2;
    private readonly double[] _inverseGram;

    internal ProductionFit(
        ProductionColumn[] columns,
        double[] coefficients,
        double[] r,
        double sigma2,
        IReadOnlyList<ProductionTerm> terms,
        IReadOnlyList<ProductionVariableDecision> decisions,
        ModelStatistics statistics,
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
        _sigma2 = sigma2;
        Terms = terms;
        Decisions = decisions;
        Goodness = statistics;
        Statistics = FitStatistics.From(statistics);
        _inverseGram = InverseFromTriangular(r, columns.Length);
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

    /// <summary>The same statistics in both conventions (Guideline 14 p as <see cref="Statistics"/>, CalTRACK c = p − 1), as the result record keeps them.</summary>
    public ModelStatistics Goodness { get; }

    /// <summary>σ̂² = SSE/(n − k).</summary>
    public double ResidualVariance => _sigma2;

    /// <summary>(XᵀX)⁻¹ of the kept columns (row-major k × k), for prediction intervals.</summary>
    public IReadOnlyList<double> InverseGramMatrix => _inverseGram;

    /// <summary>Names of the kept columns, in design order (intercept first).</summary>
    public IReadOnlyList<string> ColumnNames => [.. _columns.Select(c => c.Name)];

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
        var variance = Variance(conditions, requireComplete: true, noise: false, default, out var total);
        return new PredictedTotal(total, Math.Sqrt(variance.ParameterPart), DegreesOfFreedom);
    }

    /// <summary>
    /// Var of the summed prediction error over the periods of <paramref name="conditions"/> that have energy
    /// (<paramref name="observed"/> finite) and every value the model uses: σ̂²(m + sᵀ(XᵀX)⁻¹s), for the exact OLS
    /// prediction interval of reporting-period savings.
    /// </summary>
    public double TotalPredictionVariance(ProductionConditions conditions, ReadOnlySpan<double> observed) =>
        Variance(conditions, requireComplete: false, noise: true, observed, out _).Total;

    /// <summary>Σ prediction and its variance over the periods with every model value (and, when <paramref name="observed"/>
    /// is given, a finite observation); noise = one σ̂² per period (metered periods) or none (hypothetical conditions).</summary>
    private PredictionVariance Variance(ProductionConditions conditions, bool requireComplete, bool noise, ReadOnlySpan<double> observed, out double total)
    {
        conditions.Validate("conditions");
        var variables = _columns.Select(c => c.Resolve(conditions, "conditions")).ToArray();
        var variance = new PredictionVariance(_sigma2, _inverseGram, _columns.Length);
        var row = new double[_columns.Length];
        var sum = new Numerics.CompensatedSum();
        for (var i = 0; i < conditions.Periods; i++)
        {
            if (!observed.IsEmpty && !(i < observed.Length && double.IsFinite(observed[i])))
            {
                continue;
            }

            if (!Row(conditions, i, variables, row))
            {
                if (requireComplete)
                {
                    throw new ArgumentException($"conditions: period {i} lacks a value the model uses ({string.Join(", ", _columns.Select(c => c.Name))}); normal conditions must be complete");
                }

                continue;
            }

            var prediction = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                prediction += _coefficients[j] * row[j];
            }

            sum.Add(prediction);
            variance.Add(row, noise ? 1 : 0);
        }

        total = sum.Value;
        return variance;
    }

    private bool Row(ProductionConditions conditions, int i, ProductionVariable?[] variables, double[] row)
    {
        for (var j = 0; j < _columns.Length; j++)
        {
            row[j] = _columns[j].Value(conditions, i, variables[j]);
            if (!double.IsFinite(row[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>(XᵀX)⁻¹ = R⁻¹R⁻ᵀ from the upper-triangular QR factor R (row-major k × k).</summary>
    private static double[] InverseFromTriangular(double[] r, int p)
    {
        // R⁻¹ by back substitution, column by column.
        var inverseR = new double[p * p];
        for (var col = 0; col < p; col++)
        {
            for (var i = col; i >= 0; i--)
            {
                var sum = i == col ? 1.0 : 0.0;
                for (var k = i + 1; k <= col; k++)
                {
                    sum -= r[(i * p) + k] * inverseR[(k * p) + col];
                }

                inverseR[(i * p) + col] = sum / r[(i * p) + i];
            }
        }

        var inverse = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                for (var k = Math.Max(i, j); k < p; k++)
                {
                    sum += inverseR[(i * p) + k] * inverseR[(j * p) + k];
                }

                inverse[(i * p) + j] = sum;
            }
        }

        return inverse;
    }

    /// <summary>
    /// The versioned record (<c>model_kind</c> <c>production</c>, <c>model_type</c> <c>multivariate_regression</c>): the
    /// kept terms with inference, the degree-day balance points (when <paramref name="context"/> names the temperature
    /// unit), statistics in both conventions, every variable decision, the EnPI Lite validity failures as warnings
    /// (<c>production.*</c>), settings, and in <c>parameters</c> σ̂² and (XᵀX)⁻¹ for prediction intervals.
    /// </summary>
    public BaselineResult ToResult(FitContext? context = null)
    {
        context ??= new FitContext();
        var warnings = new List<BaselineWarning>();
        if (RowsDropped > 0)
        {
            warnings.Add(new BaselineWarning("production.rows_dropped_missing", "Periods without energy or a driver value were left out of the fit.",
                new JsonObject { ["rows_dropped"] = RowsDropped, ["rows_used"] = N }));
        }

        foreach (var failure in CriteriaFailures)
        {
            warnings.Add(new BaselineWarning("production.enpi_lite_validity", "A DOE EnPI Lite regression validity rule does not hold: " + failure,
                new JsonObject { ["rule"] = failure }));
        }

        var parameters = new JsonObject
        {
            ["columns"] = ResultParameters.Array(ColumnNames),
            ["heating_balance_point"] = HeatingBalancePoint,
            ["cooling_balance_point"] = CoolingBalancePoint,
            ["balance_point_candidates"] = BalancePointCandidates,
            ["rows_used"] = N,
            ["rows_dropped"] = RowsDropped,
            ["f_statistic"] = ResultParameters.Number(FStatistic),
            ["model_p_value"] = ResultParameters.Number(ModelPValue),
            ["meets_enpi_lite_criteria"] = MeetsEnPiLiteCriteria,
            ["residual_variance"] = ResultParameters.Number(_sigma2),
            ["residual_degrees_of_freedom"] = DegreesOfFreedom,
            ["inverse_gram"] = ResultParameters.Array(_inverseGram),
            ["decisions"] = new JsonArray([.. Decisions.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name,
                ["kept"] = d.Kept,
                ["p_value"] = ResultParameters.Number(d.PValue),
                ["step"] = d.Step,
                ["reason"] = d.Reason,
            })]),
        };
        if (context.Data is { } data)
        {
            parameters["data"] = data.DeepClone();
        }

        return new BaselineResult
        {
            ModelKind = ModelKinds.Production,
            ModelType = "multivariate_regression",
            AlgorithmVersion = AlgorithmVersion,
            BaselinePeriod = context.BaselinePeriod,
            Coefficients = [.. Terms.Select(t => new CoefficientEstimate(t.Name, t.Coefficient, t.StandardError, t.TStatistic, t.PValue))],
            BalancePoints = context.TemperatureUnit is { } unit && (HeatingBalancePoint is not null || CoolingBalancePoint is not null)
                ? new BalancePoints(HeatingBalancePoint, CoolingBalancePoint, unit)
                : null,
            Statistics = Goodness,
            TotalsStatistics = context.TotalsStatistics,
            Sufficiency = ResultParameters.Sufficiency(context),
            Warnings = ResultParameters.Warnings(context, warnings),
            Settings = new JsonObject
            {
                ["use_heating_degree_days"] = Settings.UseHeatingDegreeDays,
                ["use_cooling_degree_days"] = Settings.UseCoolingDegreeDays,
                ["heating_balance_points"] = ResultParameters.Array([.. Settings.HeatingBalancePoints]),
                ["cooling_balance_points"] = ResultParameters.Array([.. Settings.CoolingBalancePoints]),
                ["removal_p_value"] = Settings.RemovalPValue,
                ["required_p_value"] = Settings.RequiredPValue,
                ["model_p_value"] = Settings.ModelPValue,
                ["minimum_r_squared"] = Settings.MinimumRSquared,
                ["forced_variables"] = ResultParameters.Array(Settings.ForcedVariables),
            },
            Deviations = [],
            Parameters = parameters,
        };
    }
}
