using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>How hourly temperatures are matched to a period and cut into days (CalTRACK billing rules).</summary>
/// <param name="Cap">When set, only hours h ≤ start + Cap are matched (eemeter's 35-day merge tolerance, inclusive).</param>
/// <param name="MinimumCoverage">A period is dropped when its present hours are fewer than this share of its matched
/// hours (CalTRACK 2.0: 0.9 for billing); 0 disables the rule.</param>
/// <param name="ChunkMinimumHoursExclusive">A 24-hour chunk is kept when it has more than this many present hours
/// (CalTRACK 2.2.2.3: more than 12).</param>
public sealed record PeriodTemperatureRules(Duration? Cap, double MinimumCoverage, int ChunkMinimumHoursExclusive)
{
    /// <summary>eemeter 3.2.0 billing fit: 35-day cap, 90 % coverage, chunks with more than 12 hours.</summary>
    public static PeriodTemperatureRules BillingFit { get; } = new(Duration.FromDays(35), 0.9, 12);

    /// <summary>Billing prediction: the whole period, 90 % coverage, chunks with more than 12 hours.</summary>
    public static PeriodTemperatureRules BillingPrediction { get; } = new(null, 0.9, 12);
}
