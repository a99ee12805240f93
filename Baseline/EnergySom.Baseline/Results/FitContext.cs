using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Results;

/// <summary>
/// What a model's <c>ToResult</c> needs beyond the fit itself: the period and data it was fitted on, as the caller
/// who prepared the data knows them. Every field is optional; the array-level fits know none of it.
/// </summary>
public sealed record FitContext
{
    /// <summary>The baseline period, half-open, UTC.</summary>
    public ResultPeriod? BaselinePeriod { get; init; }

    /// <summary>The unit of the temperatures (and so of the balance or change points); null when the driver is not a temperature.</summary>
    public TemperatureUnit? TemperatureUnit { get; init; }

    /// <summary>The data-sufficiency report the fit was made under.</summary>
    public SufficiencyReport? Sufficiency { get; init; }

    /// <summary>True when the caller fitted although <see cref="Sufficiency"/> failed (an explicit override).</summary>
    public bool FittedDespiteInsufficientData { get; init; }

    /// <summary>Goodness of fit on period totals, when the model was fitted on rates (usage per day of multi-day periods).</summary>
    public ModelStatistics? TotalsStatistics { get; init; }

    /// <summary>Warnings raised while preparing the data (kept before the model's own).</summary>
    public IReadOnlyList<BaselineWarning> Warnings { get; init; } = [];

    /// <summary>Facts about the data preparation (snake_case keys), merged into the result's parameters under <c>data</c>.</summary>
    public JsonObject? Data { get; init; }
}
