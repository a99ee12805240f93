using System.Text.Json.Nodes;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// A fitted change-point model: its form, coefficients with standard errors, t and p, change points, statistics in
/// both conventions, the coefficient covariance (for prediction intervals), and what happened to every other form
/// during selection. <see cref="ToResult"/> makes the versioned record; <see cref="FromResult"/> rebuilds a model that
/// predicts exactly as this one from that record.
/// </summary>
public sealed class ChangePointFit
{
    /// <summary>Recorded in results so a stored fit says which algorithm produced it.</summary>
    public const string AlgorithmVersion = "change-point/1";

    /// <summary>The selection rule, recorded in results.</summary>
    public const string SelectionRule =
        "lowest Guideline 14 CV(RMSE) (p counts change points) among forms passing the shape, population and |t| tests; " +
        "a tie within 1e-9 relative goes to the form with fewer parameters; none qualified -> the mean (1P) model";

    private readonly double[] _inverseGram;
    private readonly ModelStatistics _statistics;

    internal ChangePointFit(
        ChangePointForm form,
        IReadOnlyList<CoefficientEstimate> coefficients,
        double? heatingChangePoint,
        double? coolingChangePoint,
        double[] inverseGram,
        double residualVariance,
        int residualDegreesOfFreedom,
        ModelStatistics statistics,
        int parameters,
        int n,
        int rowsDropped,
        IReadOnlyList<ChangePointCandidate> candidates,
        string selectionReason,
        ChangePointSettings settings)
    {
        Form = form;
        Coefficients = coefficients;
        HeatingChangePoint = heatingChangePoint;
        CoolingChangePoint = coolingChangePoint;
        _inverseGram = inverseGram;
        ResidualVariance = residualVariance;
        ResidualDegreesOfFreedom = residualDegreesOfFreedom;
        _statistics = statistics;
        Parameters = parameters;
        N = n;
        RowsDropped = rowsDropped;
        Candidates = candidates;
        SelectionReason = selectionReason;
        Settings = settings;
        Base = coefficients[0].Value;
        switch (form)
        {
            case ChangePointForm.TwoParameter:
                Slope = coefficients[1].Value;
                break;
            case ChangePointForm.ThreeParameterHeating:
                HeatingSlope = coefficients[1].Value;
                break;
            case ChangePointForm.ThreeParameterCooling:
                CoolingSlope = coefficients[1].Value;
                break;
            case ChangePointForm.FourParameter:
            case ChangePointForm.FiveParameter:
                HeatingSlope = coefficients[1].Value;
                CoolingSlope = coefficients[2].Value;
                break;
        }
    }

    /// <summary>This fit as the selected one: with the rows dropped before fitting, every form's fate and the reason.</summary>
    internal ChangePointFit WithSelection(int rowsDropped, IReadOnlyList<ChangePointCandidate> candidates, string reason) => new(
        Form, Coefficients, HeatingChangePoint, CoolingChangePoint, _inverseGram, ResidualVariance, ResidualDegreesOfFreedom, _statistics,
        Parameters, N, rowsDropped, candidates, reason, Settings);

    /// <summary>The chosen form.</summary>
    public ChangePointForm Form { get; }

    /// <summary>β₀: energy per period at the change point(s), the flat part of a 3P/4P/5P, the intercept of a 2P, the mean of a 1P.</summary>
    public double Base { get; }

    /// <summary>β₁ of a 2P model (energy per driver unit), 0 otherwise.</summary>
    public double Slope { get; }

    /// <summary>Slope below the heating change point (energy per driver unit, negative: use rises as it gets colder); 0 when absent.</summary>
    public double HeatingSlope { get; }

    /// <summary>Slope above the cooling change point (positive); 0 when absent.</summary>
    public double CoolingSlope { get; }

    /// <summary>Heating change point (driver unit); for 4P the single change point; null when absent.</summary>
    public double? HeatingChangePoint { get; }

    /// <summary>Cooling change point; for 4P the same as <see cref="HeatingChangePoint"/>; null when absent.</summary>
    public double? CoolingChangePoint { get; }

    /// <summary>
    /// Coefficients (<c>mean</c>; <c>intercept</c>, <c>slope</c>; <c>base</c>, <c>heating_slope</c>, <c>cooling_slope</c>)
    /// with standard errors, t and two-sided p on <see cref="ResidualDegreesOfFreedom"/>, conditional on the change points.
    /// </summary>
    public IReadOnlyList<CoefficientEstimate> Coefficients { get; }

    /// <summary>σ̂² = Σw(y − ŷ)²/(n − p), p = <see cref="Parameters"/> (change points count); NaN when n ≤ p.</summary>
    public double ResidualVariance { get; }

    /// <summary>n − p, p counting the change points.</summary>
    public int ResidualDegreesOfFreedom { get; }

    /// <summary>(XᵀWX)⁻¹ of the selected form's design (row-major, coefficients × coefficients), given the change points.</summary>
    public IReadOnlyList<double> InverseGramMatrix => _inverseGram;

    /// <summary>
    /// Statistics in both conventions (Guideline 14: p = <see cref="Parameters"/>; CalTRACK: c = p − 1), R², adjusted R²
    /// and F weighted when the fit was; null when n ≤ p.
    /// </summary>
    public ModelStatistics? Statistics => N > Parameters ? _statistics : null;

    /// <summary>Parameters counted for CV(RMSE) and FSU: coefficients plus change points (3P → 3, 4P → 4, 5P → 5).</summary>
    public int Parameters { get; }

    /// <summary>Periods used.</summary>
    public int N { get; }

    /// <summary>Periods left out because energy, driver or weight was missing.</summary>
    public int RowsDropped { get; }

    /// <summary>Every form tried, qualified or not, and why (empty for a model rebuilt from a record).</summary>
    public IReadOnlyList<ChangePointCandidate> Candidates { get; }

    /// <summary>Why this form was chosen (or why the model fell back to the mean).</summary>
    public string SelectionReason { get; }

    /// <summary>The settings used.</summary>
    public ChangePointSettings Settings { get; }

    /// <summary>Predicted energy for one period with driver value <paramref name="driver"/>; NaN for NaN.</summary>
    public double Predict(double driver)
    {
        if (double.IsNaN(driver))
        {
            return double.NaN;
        }

        return Form switch
        {
            ChangePointForm.Mean => Base,
            ChangePointForm.TwoParameter => Base + (Slope * driver),
            _ => Base
                + (HeatingChangePoint is { } h ? HeatingSlope * Math.Min(driver - h, 0) : 0)
                + (CoolingChangePoint is { } c ? CoolingSlope * Math.Max(driver - c, 0) : 0),
        };
    }

    /// <summary>Predicts every period.</summary>
    public void Predict(ReadOnlySpan<double> driver, Span<double> predicted)
    {
        if (predicted.Length < driver.Length)
        {
            throw new ArgumentException($"output ({predicted.Length}) is shorter than the input ({driver.Length})");
        }

        for (var i = 0; i < driver.Length; i++)
        {
            predicted[i] = Predict(driver[i]);
        }
    }

    /// <summary>The design row of this model at <paramref name="driver"/>, scaled by <paramref name="scale"/> (length: coefficients).</summary>
    public void DesignRow(double driver, double scale, Span<double> row) =>
        ChangePointForms.DesignRow(Form, driver, HeatingChangePoint ?? double.NaN, CoolingChangePoint ?? double.NaN, scale, row);

    /// <summary>
    /// Predicted total over periods with driver <paramref name="driver"/>, each prediction multiplied by its
    /// <paramref name="scale"/> (e.g. days, when the model predicts per day; empty = 1), with the standard error from
    /// the coefficients (σ̂·√(sᵀ(XᵀWX)⁻¹s), conditional on the change points). For normal conditions.
    /// </summary>
    /// <exception cref="ArgumentException">A driver or scale is missing (normal conditions must be complete) or the lengths differ.</exception>
    public PredictedTotal PredictTotal(ReadOnlySpan<double> driver, ReadOnlySpan<double> scale = default)
    {
        if (!scale.IsEmpty && scale.Length != driver.Length)
        {
            throw new ArgumentException($"{driver.Length} driver values but {scale.Length} scales");
        }

        var variance = new PredictionVariance(ResidualVariance, _inverseGram, Coefficients.Count);
        Span<double> row = stackalloc double[Coefficients.Count];
        var total = new Numerics.CompensatedSum();
        for (var i = 0; i < driver.Length; i++)
        {
            var s = scale.IsEmpty ? 1 : scale[i];
            if (!double.IsFinite(driver[i]) || !double.IsFinite(s))
            {
                throw new ArgumentException($"period {i} has no driver value; normal conditions must be complete");
            }

            total.Add(s * Predict(driver[i]));
            DesignRow(driver[i], s, row);
            variance.Add(row, 0);
        }

        return new PredictedTotal(total.Value, Math.Sqrt(variance.ParameterPart), ResidualDegreesOfFreedom);
    }

    /// <summary>
    /// The versioned record (<c>model_kind</c> <c>change_point</c>, <c>model_type</c> <c>1p</c> … <c>5p</c>): coefficients
    /// with inference, the change points as balance points (when <paramref name="context"/> names the temperature unit),
    /// statistics, the forms' fates as the selection, warnings with stable codes (<c>change_point.*</c>), settings,
    /// deviations from the exhaustive IMT search, and in <c>parameters</c> the change points, the candidates and the
    /// coefficient covariance that <see cref="FromResult"/> and the savings uncertainty read back.
    /// </summary>
    public BaselineResult ToResult(FitContext? context = null)
    {
        context ??= new FitContext();
        var code = ChangePointForms.Code(Form);
        var selectedCv = _statistics.CvRmse;
        var warnings = new List<BaselineWarning>();
        if (RowsDropped > 0)
        {
            warnings.Add(new BaselineWarning("change_point.rows_dropped_missing", "Periods without a finite driver, energy and positive weight were left out of the fit.",
                new JsonObject { ["rows_dropped"] = RowsDropped, ["rows_used"] = N }));
        }

        if (Form == ChangePointForm.Mean && Candidates.Count > 0)
        {
            warnings.Add(new BaselineWarning("change_point.no_form_qualified", "No change-point form qualified; the weather-independent mean (1P) model is used.",
                new JsonObject { ["reasons"] = ResultParameters.Array(Candidates.Select(c => $"{ChangePointForms.Code(c.Form)}: {c.Reason}")) }));
        }

        if (N <= Parameters)
        {
            warnings.Add(new BaselineWarning("change_point.no_residual_degrees_of_freedom", "No more periods than parameters: standard errors and statistics are undefined.",
                new JsonObject { ["n"] = N, ["parameters"] = Parameters }));
        }

        var better = Candidates
            .Where(c => c.Status == CandidateStatus.Disqualified && c.CvRmse < selectedCv)
            .OrderBy(c => c.CvRmse)
            .Select(c => new CandidateOutcome(ChangePointForms.Code(c.Form), c.HeatingChangePoint, c.CoolingChangePoint, c.AdjustedRSquared, c.Status, [c.Reason]))
            .ToList();

        var parameters = new JsonObject
        {
            ["form"] = code,
            ["heating_change_point"] = HeatingChangePoint,
            ["cooling_change_point"] = CoolingChangePoint,
            ["driver_unit"] = context.TemperatureUnit is { } u ? Data.TemperatureUnits.Symbol(u) : null,
            ["parameters_counted"] = Parameters,
            ["rows_used"] = N,
            ["rows_dropped"] = RowsDropped,
            ["selection_reason"] = SelectionReason,
            ["residual_variance"] = ResultParameters.Number(ResidualVariance),
            ["residual_degrees_of_freedom"] = ResidualDegreesOfFreedom,
            ["inverse_gram"] = ResultParameters.Array(_inverseGram),
            ["candidates"] = new JsonArray([.. Candidates.Select(c => (JsonNode)new JsonObject
            {
                ["form"] = ChangePointForms.Code(c.Form),
                ["status"] = c.Status.ToString(),
                ["reason"] = c.Reason,
                ["heating_change_point"] = c.HeatingChangePoint,
                ["cooling_change_point"] = c.CoolingChangePoint,
                ["cv_rmse"] = ResultParameters.Number(c.CvRmse),
                ["adjusted_r_squared"] = ResultParameters.Number(c.AdjustedRSquared),
                ["candidates_evaluated"] = c.CandidatesEvaluated,
            })]),
        };
        if (context.Data is { } data)
        {
            parameters["data"] = data.DeepClone();
        }

        return new BaselineResult
        {
            ModelKind = ModelKinds.ChangePoint,
            ModelType = code,
            AlgorithmVersion = AlgorithmVersion,
            BaselinePeriod = context.BaselinePeriod,
            Coefficients = Coefficients,
            BalancePoints = context.TemperatureUnit is { } unit && (HeatingChangePoint is not null || CoolingChangePoint is not null)
                ? new BalancePoints(HeatingChangePoint, CoolingChangePoint, unit)
                : null,
            Statistics = _statistics,
            TotalsStatistics = context.TotalsStatistics,
            Selection = Candidates.Count == 0 ? null : new CandidateSummary(
                SelectionRule,
                Candidates.Count(c => c.Status == CandidateStatus.Qualified),
                Candidates.Count(c => c.Status == CandidateStatus.Disqualified),
                Candidates.Count(c => c.Status == CandidateStatus.NotAttempted),
                Candidates.Count(c => c.Status == CandidateStatus.Singular),
                better),
            Sufficiency = ResultParameters.Sufficiency(context),
            Warnings = ResultParameters.Warnings(context, warnings),
            Settings = Settings.ToJson(),
            Deviations = Settings.Deviations(),
            Parameters = parameters,
        };
    }

    /// <summary>Rebuilds the model from a stored <c>change_point</c> record: it predicts, and prices normal conditions
    /// with <see cref="PredictTotal"/>, exactly as the fit that wrote it (candidates are not restored).</summary>
    /// <exception cref="ArgumentException">Not a change-point record.</exception>
    /// <exception cref="FormatException">A parameter the model needs is missing or malformed.</exception>
    public static ChangePointFit FromResult(BaselineResult result)
    {
        if (result.ModelKind != ModelKinds.ChangePoint)
        {
            throw new ArgumentException($"a {result.ModelKind} result is not a change-point model");
        }

        const string What = "change-point result";
        var form = ChangePointForms.Parse(result.ModelType);
        var names = ChangePointForms.CoefficientNames(form);
        if (result.Coefficients.Count != names.Count || !result.Coefficients.Select(c => c.Name).SequenceEqual(names))
        {
            throw new FormatException($"{What}: a {result.ModelType} model has coefficients {string.Join(", ", names)}, not {string.Join(", ", result.Coefficients.Select(c => c.Name))}");
        }

        var p = result.Parameters;
        var inverse = ResultParameters.ReadDoubles(p, "inverse_gram", What);
        if (inverse.Length != names.Count * names.Count)
        {
            throw new FormatException($"{What}: parameters.inverse_gram has {inverse.Length} entries for {names.Count} coefficients");
        }

        return new ChangePointFit(
            form,
            result.Coefficients,
            ResultParameters.ReadOptionalDouble(p, "heating_change_point", What),
            ResultParameters.ReadOptionalDouble(p, "cooling_change_point", What),
            inverse,
            ResultParameters.ReadDouble(p, "residual_variance", What),
            (int)ResultParameters.ReadDouble(p, "residual_degrees_of_freedom", What),
            result.Statistics,
            (int)ResultParameters.ReadDouble(p, "parameters_counted", What),
            (int)ResultParameters.ReadDouble(p, "rows_used", What),
            (int)ResultParameters.ReadDouble(p, "rows_dropped", What),
            [],
            ResultParameters.ReadString(p, "selection_reason", What),
            ChangePointSettings.FromJson(result.Settings));
    }
}
