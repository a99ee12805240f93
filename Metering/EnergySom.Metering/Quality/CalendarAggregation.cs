using NodaTime;
using NodaTime.TimeZones;

namespace EnergySom.Metering.Quality;

/// <summary>Calendar bucket sizes, in the site's local time.</summary>
public enum CalendarPeriod
{
    Hour,
    Day,
    Month,
}

/// <summary>How values inside a bucket combine.</summary>
public enum AggregateFunction
{
    /// <summary>Sum (interval energy, volume, production).</summary>
    Sum,

    /// <summary>Arithmetic mean (temperature, power).</summary>
    Mean,

    Min,
    Max,

    /// <summary>The last value in the bucket (counter registers).</summary>
    Last,
}

/// <summary>One calendar bucket: its local start, the instants it spans, and the aggregate of the values in it.</summary>
public readonly record struct CalendarBucket(LocalDateTime LocalStart, Instant Start, Instant End, double Value, int Count);

/// <summary>
/// Buckets time-ordered values by local calendar hour, day or month. Bucket edges are computed in the zone,
/// so a DST day has 23 or 25 hours and every instant falls in exactly one bucket.
/// </summary>
public static class CalendarAggregation
{
    /// <summary>
    /// Aggregates <paramref name="times"/>/<paramref name="values"/> (sorted by time, Unix ticks) into the buckets
    /// covering <c>[from, to)</c>. NaN values are skipped (they count as missing).
    /// </summary>
    public static IReadOnlyList<CalendarBucket> Aggregate(
        ReadOnlySpan<long> times, ReadOnlySpan<double> values, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function)
    {
        var buckets = new List<CalendarBucket>();
        if (to <= from)
        {
            return buckets;
        }

        var localStart = Truncate(from.InZone(zone).LocalDateTime, period);
        var index = LowerBound(times, from.ToUnixTimeTicks());
        var end = to.ToUnixTimeTicks();
        var bucketStart = StartOf(localStart, zone);
        while (true)
        {
            // Hours step in elapsed time, so the repeated hour of a DST fall-back is its own bucket;
            // days and months step on the local calendar (23- or 25-hour days stay one day).
            var bucketEnd = period == CalendarPeriod.Hour ? bucketStart.Plus(Duration.FromHours(1)) : StartOf(Next(localStart, period), zone);
            var nextLocal = period == CalendarPeriod.Hour ? bucketEnd.InZone(zone).LocalDateTime : Next(localStart, period);
            if (bucketStart >= to)
            {
                break;
            }

            var clippedStart = bucketStart < from ? from : bucketStart;
            var clippedEnd = bucketEnd > to ? to : bucketEnd;
            var stop = Math.Min(clippedEnd.ToUnixTimeTicks(), end);
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity, last = double.NaN;
            var count = 0;
            while (index < times.Length && times[index] < stop)
            {
                var v = values[index++];
                if (double.IsNaN(v))
                {
                    continue;
                }

                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                last = v;
                count++;
            }

            var value = count == 0 ? double.NaN : function switch
            {
                AggregateFunction.Sum => sum,
                AggregateFunction.Mean => sum / count,
                AggregateFunction.Min => min,
                AggregateFunction.Max => max,
                AggregateFunction.Last => last,
                _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
            };
            buckets.Add(new CalendarBucket(localStart, clippedStart, clippedEnd, value, count));
            localStart = nextLocal;
            bucketStart = bucketEnd;
        }

        return buckets;
    }

    private static LocalDateTime Truncate(LocalDateTime local, CalendarPeriod period) => period switch
    {
        CalendarPeriod.Hour => local.Date + new LocalTime(local.Hour, 0),
        CalendarPeriod.Day => local.Date.AtMidnight(),
        CalendarPeriod.Month => new LocalDate(local.Year, local.Month, 1).AtMidnight(),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static LocalDateTime Next(LocalDateTime local, CalendarPeriod period) => period switch
    {
        CalendarPeriod.Hour => local.PlusHours(1),
        CalendarPeriod.Day => local.PlusDays(1),
        CalendarPeriod.Month => local.PlusMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>
    /// The instant a local bucket boundary starts. A boundary inside a DST gap starts at the end of the gap;
    /// an ambiguous one (clocks going back) at its first occurrence.
    /// </summary>
    private static Instant StartOf(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();

    private static int LowerBound(ReadOnlySpan<long> times, long value)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
