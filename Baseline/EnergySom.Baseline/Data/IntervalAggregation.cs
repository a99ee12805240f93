using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Interval usage (e.g. 15-minute kWh) summed into hours or local days with CalTRACK 2.0's rule for partial
/// data: a bucket is valid when at most half of its intervals are missing, and then its value is the mean of the
/// present intervals times the number of intervals in the bucket.
/// </summary>
public static class IntervalAggregation
{
    /// <summary>Sums into whole UTC hours.</summary>
    /// <param name="zeroIsMissing">Treat a 0 reading as missing (CalTRACK's rule for electricity; gas 0 is valid).</param>
    public static UsageSeries ToHours(UsageSeries intervals, bool zeroIsMissing = false)
    {
        var boundaries = new List<Instant>();
        if (intervals.Periods > 0)
        {
            var hour = Duration.FromHours(1);
            var ticks = intervals.PeriodStart(0).ToUnixTimeTicks();
            var t = Instant.FromUnixTimeTicks(ticks - (((ticks % hour.BclCompatibleTicks) + hour.BclCompatibleTicks) % hour.BclCompatibleTicks));
            var end = intervals.PeriodEnd(intervals.Periods - 1);
            for (; t < end; t += hour)
            {
                boundaries.Add(t);
            }

            boundaries.Add(t);
        }

        return Aggregate(intervals, boundaries, zeroIsMissing);
    }

    /// <summary>Sums into local calendar days of <paramref name="zone"/> (midnight to midnight, DST-aware).</summary>
    public static UsageSeries ToDays(UsageSeries intervals, DateTimeZone zone, bool zeroIsMissing = false)
    {
        var boundaries = new List<Instant>();
        if (intervals.Periods > 0)
        {
            var date = intervals.PeriodStart(0).InZone(zone).Date;
            var end = intervals.PeriodEnd(intervals.Periods - 1);
            Instant t;
            do
            {
                t = zone.AtStartOfDay(date).ToInstant();
                boundaries.Add(t);
                date = date.PlusDays(1);
            }
            while (t < end);
        }

        return Aggregate(intervals, boundaries, zeroIsMissing);
    }

    /// <summary>Sums intervals into the buckets [boundariesₖ, boundariesₖ₊₁).</summary>
    /// <exception cref="ArgumentException">An interval straddles a bucket boundary (row named).</exception>
    public static UsageSeries Aggregate(UsageSeries intervals, IReadOnlyList<Instant> boundaries, bool zeroIsMissing = false)
    {
        if (boundaries.Count < 2)
        {
            return new UsageSeries([], []);
        }

        var buckets = boundaries.Count - 1;
        var sums = new double[buckets];
        var present = new int[buckets];
        var intervalTicks = new long[buckets];
        var b = 0;
        for (var i = 0; i < intervals.Periods; i++)
        {
            var start = intervals.PeriodStart(i);
            var end = intervals.PeriodEnd(i);
            while (b < buckets && start >= boundaries[b + 1])
            {
                b++;
            }

            if (b == buckets || start < boundaries[b])
            {
                continue;
            }

            if (end > boundaries[b + 1])
            {
                throw new ArgumentException($"row {i}: interval {start}..{end} straddles the bucket boundary {boundaries[b + 1]}");
            }

            var v = intervals.PeriodValue(i);
            if (double.IsFinite(v) && !(zeroIsMissing && v == 0))
            {
                sums[b] += v;
                present[b]++;
                intervalTicks[b] += (end - start).BclCompatibleTicks;
            }
        }

        var values = new double[buckets + 1];
        for (var k = 0; k < buckets; k++)
        {
            var bucketTicks = (boundaries[k + 1] - boundaries[k]).BclCompatibleTicks;

            // Valid when the present intervals cover at least half of the bucket; scale the mean up to the bucket.
            values[k] = present[k] > 0 && 2 * intervalTicks[k] >= bucketTicks
                ? sums[k] * bucketTicks / intervalTicks[k]
                : double.NaN;
        }

        values[buckets] = double.NaN;
        return new UsageSeries(boundaries, values);
    }
}
