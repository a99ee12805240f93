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
            var total = CompensatedSum.OfFinite(day, out _);
            for (var i = 0; i < intervalsPerDay; i++)
            {
                target[i] = total > 0
                    ? (double.IsNaN(day[i]) ? 0 : dailyAvoided[d] * day[i] / total)
                    : dailyAvoided[d] / intervalsPerDay;
            }
        }
    }

    /// <summary>
    /// Allocates each period's avoided energy over its intervals in proportion to <paramref name="intervalWeights"/>
    /// (metered energy, or the adjusted baseline): period k owns intervals [offsetsₖ, offsetsₖ₊₁), so periods may have
    /// different lengths (billing periods, months). Weights that are NaN count as 0; a period whose weights sum to 0
    /// is spread evenly; a NaN period stays NaN.
    /// </summary>
    /// <remarks>Each period's allocations sum to its avoided energy (up to rounding).</remarks>
    public static void ProRata(ReadOnlySpan<double> periodAvoided, ReadOnlySpan<int> periodOffsets, ReadOnlySpan<double> intervalWeights, Span<double> allocation)
    {
        if (periodOffsets.Length != periodAvoided.Length + 1 || allocation.Length != intervalWeights.Length
            || (periodOffsets.Length > 0 && (periodOffsets[0] != 0 || periodOffsets[^1] != intervalWeights.Length)))
        {
            throw new ArgumentException($"{periodAvoided.Length} periods need {periodAvoided.Length + 1} offsets from 0 to the {intervalWeights.Length} intervals");
        }

        for (var k = 0; k < periodAvoided.Length; k++)
        {
            var from = periodOffsets[k];
            var to = periodOffsets[k + 1];
            if (to < from)
            {
                throw new ArgumentException($"period {k}: offsets {from}..{to} go backwards");
            }

            var weights = intervalWeights[from..to];
            var target = allocation[from..to];
            var total = CompensatedSum.OfFinite(weights, out _);
            for (var i = 0; i < weights.Length; i++)
            {
                target[i] = total > 0
                    ? (double.IsNaN(weights[i]) ? 0 : periodAvoided[k] * weights[i] / total)
                    : periodAvoided[k] / weights.Length;
            }
        }
    }
}
