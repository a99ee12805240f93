using EnergySom.Baseline.Numerics;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Spreads savings determined per day over the day's intervals, by the contract's policy, so they can be priced
/// at the time-of-use band of each interval.
/// </summary>
public static class DailyAllocation
{
    /// <summary>
    /// The intervals of <c>[dates.From, dates.To)</c> (local days in <paramref name="zone"/>, intervals of
    /// <paramref name="step"/>) holding each day's value of <paramref name="daily"/>: pro rata to the metered energy
    /// of each interval (<paramref name="weights"/>; an interval with no reading gets none; a day with no metered
    /// energy is spread evenly) or evenly. A missing day gives missing intervals.
    /// </summary>
    /// <remarks>Preserves each day's total (up to floating-point rounding). The day's weight total is a compensated sum in interval order.</remarks>
    public static IntervalSeries Allocate(DailySeries daily, IntervalSeries? weights, Duration step, DateTimeZone zone, LocalDateRange dates, DailyAllocationPolicy policy)
    {
        if (policy == DailyAllocationPolicy.ProRataMetered && weights is null)
        {
            throw new ArgumentException("pro-rata allocation needs the metered interval energy as weights", nameof(weights));
        }

        if (weights is not null && weights.Step != step)
        {
            throw new ArgumentException($"the weights' {weights.Step.TotalMinutes}-minute step differs from the allocation step {step.TotalMinutes}", nameof(weights));
        }

        var from = dates.From.AtStartOfDayInZone(zone).ToInstant();
        var to = dates.To.AtStartOfDayInZone(zone).ToInstant();
        var count = checked((int)((to - from).BclCompatibleTicks / step.BclCompatibleTicks));
        var result = new double[count];
        var dayWeights = new List<double>();
        var slot = 0;
        for (var day = dates.From; day < dates.To; day = day.PlusDays(1))
        {
            var dayEnd = day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            var first = slot;
            var slots = (int)((dayEnd - (from + (step * first))).BclCompatibleTicks / step.BclCompatibleTicks);
            var value = daily.ValueOn(day);
            dayWeights.Clear();
            if (policy == DailyAllocationPolicy.ProRataMetered)
            {
                for (var i = 0; i < slots; i++)
                {
                    dayWeights.Add(WeightAt(weights!, from + (step * (first + i))));
                }
            }

            var total = policy == DailyAllocationPolicy.ProRataMetered ? CompensatedSum.OfFinite(dayWeights.ToArray(), out _) : 0;
            for (var i = 0; i < slots; i++)
            {
                result[first + i] = double.IsNaN(value) ? double.NaN
                    : total > 0 ? (double.IsNaN(dayWeights[i]) ? 0 : value * dayWeights[i] / total)
                    : value / slots;
            }

            slot += slots;
        }

        return new IntervalSeries(from, step, result);
    }

    private static double WeightAt(IntervalSeries weights, Instant start)
    {
        var offset = (start - weights.Start).BclCompatibleTicks;
        if (offset < 0 || offset % weights.Step.BclCompatibleTicks != 0)
        {
            return double.NaN;
        }

        var index = offset / weights.Step.BclCompatibleTicks;
        return index < weights.Count ? weights.Values[(int)index] : double.NaN;
    }
}
