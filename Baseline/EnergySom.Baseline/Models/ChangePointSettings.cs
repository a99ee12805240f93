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
