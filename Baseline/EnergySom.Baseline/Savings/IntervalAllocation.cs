using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Savings;

/// <summary>
/// Spreads savings determined per day over the day's metering intervals, so they can be priced at the
/// time-of-use band in force in each interval.
/// </summary>
public static class IntervalAllocation
{
    public const string ProRataPolicy = "daily avoided energy allocated to the day's intervals pro rata to metered energy";

    /// <summary>
    /// Allocates <paramref name="dailyAvoided"/>[d] over intervals <c>[d·k, (d+1)·k)</c> of
    /// <paramref name="intervalActual"/> in proportion to the metered energy of each interval (k =
    /// <paramref name="intervalsPerDay"/>). A day with no metered energy is spread evenly; an interval with no reading gets none; a NaN day stays NaN.
    /// </summary>
    /// <remarks>Preserves each day's total: Σ allocation over the day = the day's avoided energy (up to rounding).</remarks>
    public static void ProRata(ReadOnlySpan<double> dailyAvoided, ReadOnlySpan<double> intervalActual, int intervalsPerDay, Span<double> allocation)
    {
        if (intervalActual.Length != dailyAvoided.Length * intervalsPerDay || allocation.Length != intervalActual.Length)
        {
            throw new ArgumentException($"{dailyAvoided.Length} days need {dailyAvoided.Length * intervalsPerDay} intervals");
        }

        for (var d = 0; d < dailyAvoided.Length; d++)
        {
            var day = intervalActual.Slice(d * intervalsPerDay, intervalsPerDay);
            var target = allocation.Slice(d * intervalsPerDay, intervalsPerDay);
            var total = Summation.SumFinite(day, out _);
            for (var i = 0; i < intervalsPerDay; i++)
            {
                target[i] = total > 0
                    ? (double.IsNaN(day[i]) ? 0 : dailyAvoided[d] * day[i] / total)
                    : dailyAvoided[d] / intervalsPerDay;
            }
        }
    }
}
