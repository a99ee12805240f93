using System.Text.Json.Nodes;

namespace EnergySom.Baseline.Models;

/// <summary>How the change-point models are searched, qualified and chosen.</summary>
public sealed record ChangePointSettings
{
    /// <summary>Forms to try (the mean model is always the fallback). Default: 2P, 3PH, 3PC, 4P, 5P.</summary>
    public IReadOnlyList<ChangePointForm> Forms { get; init; } =
    [
        ChangePointForm.TwoParameter, ChangePointForm.ThreeParameterHeating, ChangePointForm.ThreeParameterCooling,
        ChangePointForm.FourParameter, ChangePointForm.FiveParameter,
    ];

    /// <summary>
    /// Candidate change points. Null (default): every distinct observed driver value, the exhaustive search at data
    /// resolution (between two adjacent observed values the split of the data does not change). A positive step:
    /// a uniform grid min + j·step over the observed range instead.
    /// </summary>
    public double? GridStep { get; init; }

    /// <summary>
    /// Fewest points on each sloped side of a change point (the population test). Null: max(3, ⌈5 % of n⌉).
    /// </summary>
    public int? MinimumPointsPerSegment { get; init; }

    /// <summary>
    /// Each slope must have |t| at least this to qualify (the IMT/RP-1050 significance test; 2 ≈ 95 % two-sided for
    /// the sample sizes of a meter-year).
    /// </summary>
    public double MinimumSlopeTStatistic { get; init; } = 2.0;

    /// <summary>The settings as a JSON object, for the result record.</summary>
    public JsonObject ToJson() => new()
    {
        ["forms"] = new JsonArray([.. Forms.Select(f => (JsonNode?)JsonValue.Create(ChangePointForms.Code(f)))]),
        ["grid_step"] = GridStep,
        ["minimum_points_per_segment"] = MinimumPointsPerSegment,
        ["minimum_points_rule"] = MinimumPointsPerSegment is null ? "max(3, ceil(0.05 n))" : "given",
        ["minimum_slope_t_statistic"] = MinimumSlopeTStatistic,
    };

    /// <summary>Reads settings written by <see cref="ToJson"/> (absent keys keep their defaults).</summary>
    /// <exception cref="FormatException">A value is malformed.</exception>
    public static ChangePointSettings FromJson(JsonObject json)
    {
        try
        {
            var settings = new ChangePointSettings();
            if (json["forms"] is JsonArray forms)
            {
                settings = settings with { Forms = [.. forms.Select(f => ChangePointForms.Parse(f!.GetValue<string>()))] };
            }

            return settings with
            {
                GridStep = json["grid_step"]?.GetValue<double>(),
                MinimumPointsPerSegment = json["minimum_points_per_segment"]?.GetValue<int>(),
                MinimumSlopeTStatistic = json["minimum_slope_t_statistic"]?.GetValue<double>() ?? settings.MinimumSlopeTStatistic,
            };
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"change-point settings: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Stable codes of the departures from the exhaustive IMT search with Guideline 14's tests that these settings make:
    /// <c>change_point_grid</c> (a grid instead of every observed value), <c>population_test</c> (a given minimum per
    /// side), <c>slope_t_screen</c> (a |t| limit other than 2), <c>forms_restricted</c>.
    /// </summary>
    public IReadOnlyList<string> Deviations()
    {
        var deviations = new List<string>();
        if (GridStep is not null)
        {
            deviations.Add("change_point_grid");
        }

        if (MinimumPointsPerSegment is not null)
        {
            deviations.Add("population_test");
        }

        if (MinimumSlopeTStatistic != 2.0)
        {
            deviations.Add("slope_t_screen");
        }

        if (!new ChangePointSettings().Forms.All(Forms.Contains))
        {
            deviations.Add("forms_restricted");
        }

        return deviations;
    }

    internal int MinimumPoints(int n) => MinimumPointsPerSegment ?? Math.Max(3, (int)Math.Ceiling(0.05 * n));

    internal void Validate()
    {
        if (GridStep is { } step && !(step > 0 && double.IsFinite(step)))
        {
            throw new ArgumentException($"GridStep must be a positive number, got {step}");
        }

        if (MinimumPointsPerSegment is < 1)
        {
            throw new ArgumentException($"MinimumPointsPerSegment must be at least 1, got {MinimumPointsPerSegment}");
        }

        if (!(MinimumSlopeTStatistic >= 0))
        {
            throw new ArgumentException($"MinimumSlopeTStatistic must be ≥ 0, got {MinimumSlopeTStatistic}");
        }
    }
}
