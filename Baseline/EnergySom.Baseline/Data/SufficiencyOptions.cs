namespace EnergySom.Baseline.Data;

/// <summary>CalTRACK 2.0 data-sufficiency limits for daily and billing baselines.</summary>
/// <param name="RequiredDays">Baseline length in days (CalTRACK 2.0: 365).</param>
/// <param name="MinimumValidDayFraction">Share of days that must have both usage and temperature (0.9: at most
/// 37 of 365 days missing).</param>
/// <param name="MinimumTemperatureCoverage">Share of a period's hours that must have a temperature for the period
/// to count as having temperature (0.9).</param>
/// <param name="FloorGapDaysLikeEemeter">Count the baseline span as eemeter does: whole days of data plus whole days
/// of gap before and after, each floored separately (a billing baseline of 364.x days then counts 364). False counts
/// the requested window itself, rounded to whole days.</param>
public sealed record SufficiencyOptions(
    int RequiredDays = 365,
    double MinimumValidDayFraction = 0.9,
    double MinimumTemperatureCoverage = 0.9,
    bool FloorGapDaysLikeEemeter = true)
{
    /// <summary>CalTRACK 2.0 as eemeter 3.2.0 checks it.</summary>
    public static SufficiencyOptions CalTrack { get; } = new();
}
