namespace EnergySom.Baseline.Models;

/// <summary>How the baseline year is cut into the segments that each get their own TOWT model.</summary>
public enum HourlyTowtSegmentation
{
    /// <summary>
    /// CalTRACK 2.0 "month-by-month" (eemeter <c>three_month_weighted</c>): twelve segments, one per calendar month,
    /// each fitted on its month (weight 1) and the two neighbouring months (weight <see cref="HourlyTowtSettings.NeighbourMonthWeight"/>),
    /// wrapping December to January. A reporting hour is predicted by the segment of its own month.
    /// </summary>
    ThreeMonthWeighted,

    /// <summary>One segment over the whole baseline, every hour weight 1 (CalTRACK's single 365-day model).</summary>
    SingleYear,
}
