using System.Text.Json.Nodes;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Results;

/// <summary>
/// A fitted baseline model as a versioned record: what was fitted (kind, form, coefficients, balance points),
/// how well (statistics), on what (period, warnings, sufficiency), how (settings, deviations from the reference
/// method, algorithm version). Every baseline model of EnergySom returns one; <see cref="ResultJson"/> writes and
/// reads it with a schema version, and old versions stay readable.
/// </summary>
/// <remarks>
/// Model families share the common fields and put what is theirs in <see cref="Parameters"/> (a JSON object:
/// e.g. change points, occupancy, bin endpoints, driver names) and <see cref="Segments"/> (segmented models).
/// <see cref="ModelKind"/> (see <see cref="ModelKinds"/>) says how to read them.
/// </remarks>
public sealed record BaselineResult
{
    /// <summary>The schema version this record was written with.</summary>
    public int SchemaVersion { get; init; } = ResultJson.CurrentSchemaVersion;

    /// <summary>The model family, one of <see cref="ModelKinds"/>.</summary>
    public required string ModelKind { get; init; }

    /// <summary>The selected form within the family, e.g. <c>intercept_only</c>, <c>hdd_only</c>, <c>cdd_only</c>,
    /// <c>cdd_hdd</c> (CalTRACK); <c>3pc</c>, <c>5p</c> (change-point).</summary>
    public required string ModelType { get; init; }

    /// <summary>The version of the algorithm that produced it, e.g. <c>caltrack-daily/1</c>; settlement records cite it.</summary>
    public required string AlgorithmVersion { get; init; }

    /// <summary>The baseline period the model was fitted on, half-open, UTC.</summary>
    public ResultPeriod? BaselinePeriod { get; init; }

    /// <summary>The coefficients, in the model's own order.</summary>
    public required IReadOnlyList<CoefficientEstimate> Coefficients { get; init; }

    /// <summary>Heating and cooling balance points, for weather models.</summary>
    public BalancePoints? BalancePoints { get; init; }

    /// <summary>Goodness of fit on the fitted quantity (e.g. usage per day).</summary>
    public required ModelStatistics Statistics { get; init; }

    /// <summary>Goodness of fit on period totals, where the fitted quantity is a rate (billing); else null.</summary>
    public ModelStatistics? TotalsStatistics { get; init; }

    /// <summary>Sub-models of a segmented model (e.g. 12 month segments); empty otherwise.</summary>
    public IReadOnlyList<ModelSegment> Segments { get; init; } = [];

    /// <summary>How the form and balance points were selected among candidates.</summary>
    public CandidateSummary? Selection { get; init; }

    /// <summary>Data sufficiency verdict the fit was made under.</summary>
    public SufficiencyOutcome? Sufficiency { get; init; }

    /// <summary>Every warning raised while preparing data and fitting, critical or not.</summary>
    public IReadOnlyList<BaselineWarning> Warnings { get; init; } = [];

    /// <summary>The settings used (snake_case keys), so the fit can be reproduced.</summary>
    public JsonObject Settings { get; init; } = [];

    /// <summary>Where the settings depart from the reference implementation's behaviour (e.g. a corrected quirk),
    /// one stable code each; empty when the method ran exactly as the reference does.</summary>
    public IReadOnlyList<string> Deviations { get; init; } = [];

    /// <summary>Model-specific parameters (snake_case keys) that do not fit the common fields.</summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>The coefficient called <paramref name="name"/>, or 0 when the model does not have it.</summary>
    public double Coefficient(string name)
    {
        foreach (var c in Coefficients)
        {
            if (c.Name == name)
            {
                return c.Value;
            }
        }

        return 0;
    }
}
